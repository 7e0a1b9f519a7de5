package io.prescale.connectors;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The URLs of the InfluxDB server and the webhook receiver, which may hold a user and password
 * ({@code http://user:password@host:port/...}, sent as the server's credentials): checked at
 * start-up, and named in messages without the credentials (a tester's password was printed by the
 * start line, by a refused value and by every restart of a job whose URL the client could not
 * parse).
 */
public final class Urls {
    private Urls() {}

    /**
     * {@code url} without the {@code user:password@} it may hold, for messages; {@code url} as
     * given when it holds none. The credentials end at the authority's last {@code @}, so an
     * {@code @} left unencoded in the password is not shown either.
     */
    public static String shown(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? url : url.substring(0, start) + url.substring(at + 1);
    }

    /**
     * {@code given} as an absolute http or https URL with a host (and a port, when given, a
     * number).
     *
     * @param option the option that gave it, for the message
     * @param example a URL of the kind, for the message
     * @throws IllegalArgumentException naming the option and the URL without its credentials
     */
    public static URI requireHttp(String option, String given, String example) {
        String url = given.trim();
        String why;
        try {
            URI uri = new URI(url);
            boolean http =
                    "http".equalsIgnoreCase(uri.getScheme())
                            || "https".equalsIgnoreCase(uri.getScheme());
            if (http && uri.getHost() != null) {
                return uri;
            }
            why = "";
        } catch (URISyntaxException e) {
            // its message quotes the URL, credentials and all
            why = " (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        throw new IllegalArgumentException(
                option
                        + " must be an absolute http or https URL with a host, e.g. "
                        + example
                        + ", was '"
                        + shown(url)
                        + "'"
                        + (shown(url).equals(url) ? "" : " (its user and password not shown)")
                        + why
                        + "; a user and password in it are percent-encoded (@ as %40, : in the"
                        + " user as %3A, a space as %20)");
    }
}
