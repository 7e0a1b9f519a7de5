package io.prescale.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * URLs with credentials are named without them, and a URL the clients could not use is refused at
 * start-up without them: a tester's malformed URLs printed the password in the refusal, and some
 * passed the check and printed it at every restart of the job.
 */
class UrlsTest {
    private static final String OPTION = "influx.url";
    private static final String EXAMPLE = "http://127.0.0.1:8086";

    @Test
    void theCredentialsAreNotShown() {
        assertThat(Urls.shown("http://u:secret@h:8086/x")).isEqualTo("http://h:8086/x");
        assertThat(Urls.shown("https://h:8086")).isEqualTo("https://h:8086");
        assertThat(Urls.shown("http://h:8086/a@b")).isEqualTo("http://h:8086/a@b");
        // an @ left unencoded in the password: the credentials end at the last one
        assertThat(Urls.shown("http://writer:Wr@Pw_secret@127.0.0.1:8086"))
                .isEqualTo("http://127.0.0.1:8086");
        assertThat(Urls.shown("htp://writer:secret@h:1")).isEqualTo("htp://h:1");
        assertThat(Urls.shown("writer:secret@h:1")).isEqualTo("h:1");
        // no authority to find the credentials in (the fifty-ninth tester's)
        assertThat(Urls.shown("//bob:secret@127.0.0.1:15986")).isEqualTo("***@127.0.0.1:15986");
        assertThat(Urls.shown("http:/bob:secret@127.0.0.1")).isEqualTo("***@127.0.0.1");
        assertThat(Urls.shown("http///bob:secret@127.0.0.1")).isEqualTo("***@127.0.0.1");
        assertThat(Urls.shown("http:///bob:secret@127.0.0.1")).isEqualTo("***@127.0.0.1");
        assertThat(Urls.shown("http://bob:secret")).isEqualTo("http://bob:***");
        assertThat(Urls.shown("http:bob:secret")).isEqualTo("http:bob:***");
        // a port, an IPv6 literal and an @ in the path are shown
        assertThat(Urls.shown("http://127.0.0.1:8086/x@y")).isEqualTo("http://127.0.0.1:8086/x@y");
        // nor a query's values (a receiver's token)
        assertThat(Urls.shown("http://u:pw@h:1/hook?tok=QueryTok&x#f"))
                .isEqualTo("http://h:1/hook?tok=***&x#f");
        assertThat(Urls.shown("http://[::1]")).isEqualTo("http://[::1]");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "htp://writer:secret@127.0.0.1:8086",
                "http://writer:secret@127.0.0.1:notaport",
                "http://writer:sec ret@127.0.0.1:8086",
                "http://writer:Wr@secret@127.0.0.1:8086",
                "http://writer:secret@",
                "//writer:secret@127.0.0.1:8086",
                "http:/writer:secret@127.0.0.1",
                "http://writer:secret",
                "http://writer:secret@127.0.0.1:99999",
                "http://writer:secret@127.0.0.1:0"
            })
    void aUrlTheClientsCannotUseIsRefusedWithoutItsCredentials(String url) {
        assertThatThrownBy(() -> Urls.requireHttp(OPTION, url, EXAMPLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "influx.url must be an absolute http or https URL with a host, e.g."
                                + " http://127.0.0.1:8086, was '")
                .hasMessageContaining("not shown)")
                .hasMessageContaining("@ as %40")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret", "sec ret"))
                .hasNoCause();
    }

    @Test
    void aRefusalSaysWhyWhenTheUrlShownLooksRight() {
        assertThatThrownBy(
                        () ->
                                Urls.requireHttp(
                                        OPTION, "http://u:Zq9@Secret@127.0.0.1:8086", EXAMPLE))
                .hasMessageContaining("was 'http://127.0.0.1:8086'")
                .hasMessageContaining("(an @ in the user or password must be written %40)");
        assertThatThrownBy(() -> Urls.requireHttp(OPTION, "http://ex\u00e4mple.com", EXAMPLE))
                .hasMessageContaining("(the host is not ASCII: give its punycode, xn--...)");
    }

    @Test
    void aBaseUrlTakesNoQueryNorFragment() {
        for (String url : new String[] {"http://127.0.0.1:8086/?db=x", "http://h:8086#f"}) {
            assertThatThrownBy(() -> Urls.requireBase(OPTION, url, EXAMPLE))
                    .hasMessageContaining("(a base URL: no ?query or #fragment)");
        }
        assertThat(Urls.requireHttp(OPTION, "http://h:8080/scale?k=1", EXAMPLE).getQuery())
                .isEqualTo("k=1");
    }

    @Test
    void aPercentEncodedUserAndPasswordPass() {
        assertThat(
                        Urls.requireHttp(
                                        OPTION,
                                        "http://hook%40user:p%3Aw%40d@127.0.0.1:15780/x",
                                        EXAMPLE)
                                .getUserInfo())
                .isEqualTo("hook@user:p:w@d");
        assertThat(Urls.requireHttp(OPTION, " https://h ", EXAMPLE).getHost()).isEqualTo("h");
    }
}
