package com.example.reliable.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The user name a refused request is recorded under: what its HTTP basic header claims, or (none). */
class RefusedOperatorRequestsTest {

    @Test
    void theClaimedUserIsTheNameBeforeTheColon() {
        assertThat(RefusedOperatorRequests.claimedUser(request(basic("mallory:guess:with:colons")))).isEqualTo("mallory");
        assertThat(RefusedOperatorRequests.claimedUser(request("basic " + encode("bob:x")))).isEqualTo("bob");
    }

    @Test
    void noReadableHeaderIsNone() {
        assertThat(RefusedOperatorRequests.claimedUser(request(null))).isEqualTo("(none)");
        assertThat(RefusedOperatorRequests.claimedUser(request("Bearer abc"))).isEqualTo("(none)");
        assertThat(RefusedOperatorRequests.claimedUser(request("Basic %%%not-base64"))).isEqualTo("(none)");
        assertThat(RefusedOperatorRequests.claimedUser(request(basic("no-colon")))).isEqualTo("(none)");
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/admin/messages/m-1/retry");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }

    private static String basic(String credentials) {
        return "Basic " + encode(credentials);
    }

    private static String encode(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
