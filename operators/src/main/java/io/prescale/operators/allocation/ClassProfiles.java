package io.prescale.operators.allocation;

import io.prescale.ml.policy.ClassProfile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * The class profiles of one allocation subtask: what ended sessions of a class needed, per
 * resource, to cold-start new sessions of that class.
 *
 * <p><b>Where they live.</b> Per parallel subtask, in memory, checkpointed as union operator list
 * state: a class learns from the sessions that end on that subtask (entities are spread by key, so
 * each subtask learns its own estimate of every class it sees). On restore every subtask receives
 * every subtask's profiles and keeps, per class, the one built from the most sessions, so profiles
 * survive restarts and rescaling. They are keyed by {@code class/resource}; at most {@link
 * #CAPACITY} are kept (classes are meant to be few: tenants or a pattern over entity names), and a
 * class beyond that starts from the safe default.
 */
final class ClassProfiles {
    static final int CAPACITY = 10_000;

    private final Map<String, ClassProfile> byKey = new HashMap<>();
    private ListState<ClassProfile> checkpointed;

    /** The profile key of {@code className} for {@code resource}. */
    static String key(String className, String resource) {
        return className + "/" + resource;
    }

    void initialize(FunctionInitializationContext ctx) throws Exception {
        checkpointed =
                ctx.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "class-profiles", TypeInformation.of(ClassProfile.class)));
        byKey.clear();
        if (ctx.isRestored()) {
            for (ClassProfile p : checkpointed.get()) {
                ClassProfile mine = byKey.get(p.className());
                if (mine == null || p.sessions() > mine.sessions()) {
                    byKey.put(p.className(), p);
                }
            }
        }
    }

    void snapshot() throws Exception {
        checkpointed.update(new ArrayList<>(byKey.values()));
    }

    /** The profile stored under {@code key}, or {@code null}. */
    ClassProfile get(String key) {
        return byKey.get(key);
    }

    /** Stores {@code p} under its class name; false when full and {@code p} is a new class. */
    boolean put(ClassProfile p) {
        if (byKey.size() >= CAPACITY && !byKey.containsKey(p.className())) {
            return false;
        }
        byKey.put(p.className(), p);
        return true;
    }

    int size() {
        return byKey.size();
    }
}
