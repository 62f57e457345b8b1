#!/usr/bin/env bash
# A RabbitMQ cluster and replicated Redis on loopback, for trying the services on more than one
# machine's worth of servers without Docker:
#   rabbit-1, rabbit-2, rabbit-3   a 3-node RabbitMQ cluster (the installed RabbitMQ; quorum queues
#                                   spread over it)
#   redis-1, redis-2               a Redis primary and its replica
#   sentinel-1 … sentinel-3        three Sentinels watching them (master name "reliable")
# Every instance has ports and a data directory of its own (under CLUSTER_DIR); the default servers
# on 5672 and 6379 are never touched. Signals go to the pids this script recorded, never by name.
#
#   eval "$(scripts/local-cluster.sh start)"   start what is not running; print the Spring settings
#   scripts/local-cluster.sh status             who runs, who is Redis primary, the cluster's members
#   scripts/local-cluster.sh kill NODE          kill -9 (NODE: rabbit-1…3, redis-1, redis-2,
#                                               sentinel-1…3, or redis-primary: whichever Redis is primary now)
#   scripts/local-cluster.sh pause NODE         kill -STOP;  resume NODE: kill -CONT
#   scripts/local-cluster.sh leader QUEUE       which rabbit-N leads a quorum queue now
#   scripts/local-cluster.sh start              again: starts the killed nodes on their data (rejoins them)
#   scripts/local-cluster.sh stop               stop everything and delete CLUSTER_DIR
#
# Needs root (RabbitMQ nodes run as the rabbitmq user, whose Erlang cookie rabbitmqctl uses).
# Ports: AMQP PORT_BASE+1…3, Erlang distribution PORT_BASE+11…13, Redis PORT_BASE+21…22,
# Sentinel PORT_BASE+31…33 (PORT_BASE 25700 by default: 25701…25733).
set -euo pipefail

CLUSTER_DIR=${CLUSTER_DIR:-/tmp/reliable-cluster}
PORT_BASE=${PORT_BASE:-25700}
MASTER=reliable
RABBIT_SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server
RABBIT_CTL=/usr/lib/rabbitmq/bin/rabbitmqctl
RABBITS=(rabbit-1 rabbit-2 rabbit-3)
REDISES=(redis-1 redis-2)
SENTINELS=(sentinel-1 sentinel-2 sentinel-3)

say() { echo "local-cluster: $*" >&2; }
die() { say "$*"; exit 1; }

index() { echo "${1##*-}"; }                       # rabbit-2 → 2
amqp_port() { echo $((PORT_BASE + $(index "$1"))); }
dist_port() { echo $((PORT_BASE + 10 + $(index "$1"))); }
redis_port() { echo $((PORT_BASE + 20 + $(index "$1"))); }
sentinel_port() { echo $((PORT_BASE + 30 + $(index "$1"))); }
node_name() { echo "$1@localhost"; }
pid_file() { echo "$CLUSTER_DIR/$1/pid"; }

alive() {  # NODE: its recorded pid runs (a zombie, killed but not yet reaped, does not count)
    local file pid; file=$(pid_file "$1")
    [[ -f $file ]] || return 1
    pid=$(cat "$file")
    [[ -r /proc/$pid/stat ]] && [[ $(cut -d' ' -f3 < "/proc/$pid/stat" 2>/dev/null) != Z ]]
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {  # SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.5 s
    local seconds=$1 what=$2; shift 2
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        ((SECONDS < deadline)) || die "gave up waiting for $what after ${seconds} s"
        sleep 0.5
    done
}

ctl() {  # NODE ARGS...: rabbitmqctl against one of our nodes, as the rabbitmq user (its cookie)
    local node=$1; shift
    runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq "$RABBIT_CTL" -n "$(node_name "$node")" "$@"
}

start_rabbit() {
    local node=$1 dir="$CLUSTER_DIR/$1"
    alive "$node" && return 0
    mkdir -p "$dir/mnesia" "$dir/log"
    # The shared /etc/rabbitmq/rabbitmq.conf pins the listener to 5672: each node has its own file.
    printf 'listeners.tcp.1 = 127.0.0.1:%s\nloopback_users = none\n' "$(amqp_port "$node")" > "$dir/rabbitmq.conf"
    echo '[].' > "$dir/enabled_plugins"
    chown -R rabbitmq:rabbitmq "$dir"
    runuser -u rabbitmq -- env HOME=/var/lib/rabbitmq \
        RABBITMQ_NODENAME="$(node_name "$node")" \
        RABBITMQ_NODE_PORT="$(amqp_port "$node")" \
        RABBITMQ_DIST_PORT="$(dist_port "$node")" \
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
        RABBITMQ_MNESIA_BASE="$dir/mnesia" \
        RABBITMQ_LOG_BASE="$dir/log" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
        setsid "$RABBIT_SERVER" >> "$dir/console.log" 2>&1 < /dev/null &
    wait_for 60 "$node on port $(amqp_port "$node")" listening "$(amqp_port "$node")"
    # The Erlang VM's own pid (not the launcher shell's): the one to kill, stop and continue.
    ctl "$node" eval 'list_to_integer(os:getpid()).' | tr -d '\r\n ' > "$(pid_file "$node")"
    say "$node up: amqp 127.0.0.1:$(amqp_port "$node"), pid $(cat "$(pid_file "$node")")"
}

join_rabbit() {  # NODE: make it a member of rabbit-1's cluster unless it is one already
    local node=$1
    [[ $node == rabbit-1 ]] && return 0
    if ctl rabbit-1 cluster_status --formatter json 2>/dev/null | grep -q "\"$(node_name "$node")\""; then
        return 0
    fi
    ctl "$node" stop_app > /dev/null
    ctl "$node" join_cluster "$(node_name rabbit-1)" > /dev/null
    ctl "$node" start_app > /dev/null
    say "$node joined $(node_name rabbit-1)"
}

balance_leaders() {  # new quorum queues get their leader on the node with the fewest, not the client's
    ctl rabbit-1 set_policy --apply-to queues quorum-leaders '.*' '{"queue-leader-locator":"balanced"}' > /dev/null
}

leader() {  # QUEUE → rabbit-N, asked of the first node that answers
    local node answer
    for node in "${RABBITS[@]}"; do
        alive "$node" || continue
        answer=$(ctl "$node" list_queues name leader --no-table-headers --quiet 2>/dev/null \
            | awk -v queue="$1" '$1 == queue { print $2 }') || continue
        if [[ -n $answer ]]; then
            echo "${answer%@*}"
            return 0
        fi
    done
    die "no running node knows a queue $1"
}

start_redis() {
    local node=$1 dir="$CLUSTER_DIR/$1" port; port=$(redis_port "$1")
    alive "$node" && return 0
    mkdir -p "$dir"
    local replica_of=()
    if [[ ! -f $dir/started-once ]]; then
        # First start: redis-1 is the primary, redis-2 its replica. Later starts (after a kill) come
        # back as they were configured by Sentinel: it rewrites nothing here, so a returning node
        # asks a Sentinel who the primary is and follows it.
        [[ $node == redis-2 ]] && replica_of=(--replicaof 127.0.0.1 "$(redis_port redis-1)")
    else
        local primary
        primary=$(current_primary_port || true)
        if [[ -n $primary && $primary != "$port" ]]; then
            replica_of=(--replicaof 127.0.0.1 "$primary")
        fi
    fi
    redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --daemonize yes --pidfile "$dir/pid" \
        --logfile "$dir/redis.log" --appendonly yes --appendfsync everysec --save '' "${replica_of[@]}"
    wait_for 20 "$node on port $port" listening "$port"
    touch "$dir/started-once"
    say "$node up: 127.0.0.1:$port${replica_of:+ (replica of ${replica_of[2]})}, pid $(cat "$dir/pid")"
}

start_sentinel() {
    local node=$1 dir="$CLUSTER_DIR/$1" port; port=$(sentinel_port "$1")
    alive "$node" && return 0
    mkdir -p "$dir"
    if [[ ! -f $dir/sentinel.conf ]]; then
        # Sentinel rewrites this file as it learns; a restarted Sentinel starts from what it knew.
        cat > "$dir/sentinel.conf" <<EOF
port $port
bind 127.0.0.1
sentinel monitor $MASTER 127.0.0.1 $(redis_port redis-1) 2
sentinel down-after-milliseconds $MASTER 2000
sentinel failover-timeout $MASTER 10000
sentinel parallel-syncs $MASTER 1
EOF
    fi
    redis-server "$dir/sentinel.conf" --sentinel --daemonize yes --pidfile "$dir/pid" --logfile "$dir/sentinel.log" \
        --dir "$dir"
    wait_for 20 "$node on port $port" listening "$port"
    say "$node up: 127.0.0.1:$port, pid $(cat "$dir/pid")"
}

current_primary_port() {  # asks the Sentinels in turn; prints the primary's port
    local sentinel answer
    for sentinel in "${SENTINELS[@]}"; do
        answer=$(redis-cli -p "$(sentinel_port "$sentinel")" --raw sentinel get-master-addr-by-name "$MASTER" 2>/dev/null \
            | sed -n 2p) || true
        if [[ -n $answer ]]; then
            echo "$answer"
            return 0
        fi
    done
    return 1
}

redis_node_on() {  # PORT → redis-1 or redis-2
    local node
    for node in "${REDISES[@]}"; do
        [[ $(redis_port "$node") == "$1" ]] && echo "$node" && return 0
    done
    return 1
}

resolve() {  # NODE as given → a node of ours (redis-primary → whichever Redis is primary now)
    local node=$1
    if [[ $node == redis-primary ]]; then
        node=$(redis_node_on "$(current_primary_port)") || die "no Sentinel knows the primary"
    fi
    [[ " ${RABBITS[*]} ${REDISES[*]} ${SENTINELS[*]} " == *" $node "* ]] || die "no node $node"
    echo "$node"
}

signal() {  # SIGNAL NODE
    local node; node=$(resolve "$2")
    alive "$node" || die "$node is not running"
    kill "-$1" "$(cat "$(pid_file "$node")")"
    say "sent SIG$1 to $node (pid $(cat "$(pid_file "$node")"))"
    echo "$node"
}

settings() {
    local addresses=() nodes=() node
    for node in "${RABBITS[@]}"; do addresses+=("127.0.0.1:$(amqp_port "$node")"); done
    for node in "${SENTINELS[@]}"; do nodes+=("127.0.0.1:$(sentinel_port "$node")"); done
    local IFS=,
    # Spring Boot: addresses win over host/port; Sentinel settings over host/port.
    echo "export SPRING_RABBITMQ_ADDRESSES=${addresses[*]}"
    echo "export SPRING_DATA_REDIS_SENTINEL_MASTER=$MASTER"
    echo "export SPRING_DATA_REDIS_SENTINEL_NODES=${nodes[*]}"
}

status() {
    local node
    for node in "${RABBITS[@]}" "${REDISES[@]}" "${SENTINELS[@]}"; do
        if alive "$node"; then echo "$node running (pid $(cat "$(pid_file "$node")"))"; else echo "$node down"; fi
    done
    local primary; primary=$(current_primary_port || true)
    echo "redis primary: ${primary:+$(redis_node_on "$primary") (127.0.0.1:$primary)}"
    if alive rabbit-1; then
        echo "rabbitmq running nodes: $(ctl rabbit-1 cluster_status --formatter json 2>/dev/null \
            | grep -o '"running_nodes":\[[^]]*\]' || echo unknown)"
    fi
}

stop_all() {
    local node
    for node in "${RABBITS[@]}" "${REDISES[@]}" "${SENTINELS[@]}"; do
        if alive "$node"; then
            kill -CONT "$(cat "$(pid_file "$node")")" 2>/dev/null || true
            kill -9 "$(cat "$(pid_file "$node")")" 2>/dev/null || true
            say "$node stopped"
        fi
    done
    rm -rf "$CLUSTER_DIR"
}

[[ $(id -u) == 0 ]] || die "run as root (RabbitMQ nodes run as the rabbitmq user)"
command=${1:-}
case $command in
    start)
        mkdir -p "$CLUSTER_DIR"
        chmod 755 "$CLUSTER_DIR"
        for node in "${RABBITS[@]}"; do start_rabbit "$node"; done
        for node in "${RABBITS[@]}"; do join_rabbit "$node"; done
        balance_leaders
        start_redis redis-1
        start_redis redis-2
        for node in "${SENTINELS[@]}"; do start_sentinel "$node"; done
        settings
        ;;
    stop) stop_all ;;
    status) status ;;
    kill) signal KILL "${2:?kill NODE}" > /dev/null ;;
    pause) signal STOP "${2:?pause NODE}" > /dev/null ;;
    resume) signal CONT "${2:?resume NODE}" > /dev/null ;;
    settings) settings ;;
    leader) leader "${2:?leader QUEUE}" ;;
    *) die "usage: $0 start|stop|status|settings|leader QUEUE|kill NODE|pause NODE|resume NODE" ;;
esac
