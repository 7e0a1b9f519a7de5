package io.prescale.operators.allocation;

import io.prescale.model.WindowAggregate;
import io.prescale.operators.feedback.ReceivedHint;
import io.prescale.operators.types.SerializedTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One input of the per-entity allocation operator, a union so that windows, the entity's tenant and
 * client hints reach one keyed function (which also takes the broadcast overrides). Exactly one of
 * {@code window}, {@code tenant} and {@code hint} is set.
 *
 * @param entity the key
 * @param window a window aggregate of one of the entity's metrics
 * @param tenant the tenant the entity's samples name (sent when it is first seen or changes)
 * @param hint a client's demand hint ({@code prescale.feedback}) with the record it came in
 */
public record EntityEvent(String entity, WindowAggregate window, String tenant, ReceivedHint hint) {

    public EntityEvent {
        int set = (window != null ? 1 : 0) + (tenant != null ? 1 : 0) + (hint != null ? 1 : 0);
        if (entity == null || set != 1) {
            throw new IllegalArgumentException(
                    "an entity and exactly one of window, tenant and hint must be set");
        }
    }

    /** The type of a stream of entity events, written by {@link EntityEventSerializer}. */
    public static TypeInformation<EntityEvent> type() {
        return SerializedTypeInfo.of(EntityEvent.class, EntityEventSerializer.INSTANCE);
    }

    public static EntityEvent of(WindowAggregate w) {
        return new EntityEvent(w.entity(), w, null, null);
    }

    public static EntityEvent tenantOf(String entity, String tenant) {
        return new EntityEvent(entity, null, tenant, null);
    }

    public static EntityEvent of(ReceivedHint h) {
        return new EntityEvent(h.hint().entity(), null, null, h);
    }
}
