package io.prescale.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.JobID;

/**
 * Operator metrics of a running job, read through the MiniCluster's REST API (the web UI's source):
 * {@code /jobs/<id>} for the vertex holding the operator, then {@code
 * /jobs/<id>/vertices/<vertex>/metrics?get=0.<operator>.<metric>}. The REST side refreshes its
 * metrics every few seconds, so {@link #await} polls until the metric is there.
 */
public final class FlinkRestMetrics {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    public FlinkRestMetrics(URI base) {
        this.base = base;
    }

    /**
     * Subtask 0's value of counter {@code metric} of the operator named {@code operator}, once the
     * REST API reports it.
     *
     * @throws AssertionError when it does not within a minute
     */
    public long await(JobID job, String operator, String metric) throws Exception {
        String id = "0." + operator + "." + metric;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String vertex = vertexOf(job, operator);
            JsonNode values =
                    get(
                            "/jobs/"
                                    + job
                                    + "/vertices/"
                                    + vertex
                                    + "/metrics?get="
                                    + URLEncoder.encode(id, StandardCharsets.UTF_8));
            for (JsonNode v : values) {
                if (id.equals(v.path("id").asText())) {
                    return Long.parseLong(v.path("value").asText());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("metric " + id + " not reported within " + TIMEOUT);
            }
            Thread.sleep(500);
        }
    }

    /**
     * One line per job the cluster knows: its state, its restarts (the exception history's entries
     * and the first one's name) and every vertex's records in and out, to explain a job's missing
     * output.
     */
    public String summary() throws Exception {
        StringBuilder out = new StringBuilder();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            String id = job.path("jid").asText();
            out.append("job ").append(id).append(' ').append(job.path("state").asText());
            JsonNode history = get("/jobs/" + id + "/exceptions").path("exceptionHistory");
            JsonNode entries = history.path("entries");
            out.append(", exceptions ").append(entries.size());
            if (entries.size() > 0) {
                out.append(" (first: ")
                        .append(entries.get(0).path("exceptionName").asText())
                        .append(')');
            }
            for (JsonNode v : get("/jobs/" + id).path("vertices")) {
                JsonNode m = v.path("metrics");
                out.append("; ")
                        .append(v.path("name").asText())
                        .append(" in=")
                        .append(m.path("read-records").asLong())
                        .append(" out=")
                        .append(m.path("write-records").asLong());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private String vertexOf(JobID job, String operator) throws Exception {
        for (JsonNode v : get("/jobs/" + job).path("vertices")) {
            for (String part : v.path("name").asText().split(" -> ")) {
                if (part.trim().equals(operator)) {
                    return v.path("id").asText();
                }
            }
        }
        throw new AssertionError("no vertex of job " + job + " runs operator " + operator);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body());
    }
}
