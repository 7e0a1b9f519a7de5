package io.prescale.it.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every InfluxQL query of the Grafana dashboards in {@code infra/grafana}, variables filled in. */
public final class DashboardQueries {
    private DashboardQueries() {}

    /** One query and where it comes from. */
    public record Query(String dashboard, String panel, String influxQl) {
        /** The measurement after the first FROM. */
        public String measurement() {
            String afterFrom = influxQl.substring(influxQl.indexOf("FROM \"") + 6);
            return afterFrom.substring(0, afterFrom.indexOf('"'));
        }
    }

    public static List<Query> load(Path grafanaDir, Map<String, String> variables)
            throws IOException {
        List<Query> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(grafanaDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dash = json.readTree(f.toFile());
                for (JsonNode v : dash.path("templating").path("list")) {
                    out.add(
                            new Query(
                                    f.getFileName().toString(),
                                    "variable " + v.path("name").asText(),
                                    fill(v.path("query").asText(), variables)));
                }
                for (JsonNode panel : dash.path("panels")) {
                    for (JsonNode t : panel.path("targets")) {
                        out.add(
                                new Query(
                                        f.getFileName().toString(),
                                        panel.path("title").asText(),
                                        fill(t.path("query").asText(), variables)));
                    }
                }
            }
        }
        return out;
    }

    private static String fill(String query, Map<String, String> variables) {
        String q = query;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            q = q.replace(v.getKey(), v.getValue());
        }
        return q;
    }
}
