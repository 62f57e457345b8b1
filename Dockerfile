# syntax=docker/dockerfile:1
#
# One image recipe for all three services. SERVICE picks the Maven module, SERVER_PORT the port it
# listens on; docker-compose.yml passes both:
#
#   docker build --build-arg SERVICE=order-service --build-arg SERVER_PORT=8081 -t order-service .
#
# Needs BuildKit (the default builder of Docker Engine 23+ and of `docker compose`) for the cache mount.

# ---- build: compile the one module and the modules it needs, then split the jar into layers ----
# Tags pinned to a distribution (noble): a moving "17-jdk" can change its base OS under the same name.
# -Dmaven.test.skip=true: the tests are neither compiled nor run here (CI runs them against real servers).
FROM eclipse-temurin:17-jdk-noble AS build
ARG SERVICE
ARG SERVER_PORT
RUN test -n "$SERVICE" && test -n "$SERVER_PORT" \
    || { echo "build with --build-arg SERVICE=<module> --build-arg SERVER_PORT=<port>" >&2; exit 1; }
WORKDIR /workspace
COPY . .
# ~/.m2 (the wrapper's Maven and every dependency) lives in a cache mount: it survives between builds,
# so a code change recompiles without downloading the world again. "locked": compose builds the three
# images in parallel, and they take turns with the one local repository instead of writing it at once.
RUN --mount=type=cache,target=/root/.m2,sharing=locked \
    ./mvnw -B -ntp -pl "$SERVICE" -am package -Dmaven.test.skip=true \
    && cp "$SERVICE/target/$SERVICE"-*.jar application.jar \
    && java -Djarmode=tools -jar application.jar extract --layers --destination extracted

# ---- runtime: a JRE, the extracted layers, an unprivileged user ----
FROM eclipse-temurin:17-jre-noble AS runtime
ARG SERVICE
ARG SERVER_PORT
LABEL org.opencontainers.image.title="$SERVICE"
RUN groupadd --system app && useradd --system --gid app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /application
# Least likely to change first: a code change rebuilds only the last, small layer.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER app
ENV SERVER_PORT=${SERVER_PORT}
EXPOSE ${SERVER_PORT}
# curl comes with the eclipse-temurin image. /actuator/health answers 503 while a server the service
# needs is down, so the container turns unhealthy instead of only "running".
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
    CMD curl -fsS "http://localhost:${SERVER_PORT}/actuator/health" > /dev/null || exit 1
# Exec form: java is PID 1 and gets the SIGTERM of `docker compose stop`, for a graceful shutdown.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "application.jar"]
