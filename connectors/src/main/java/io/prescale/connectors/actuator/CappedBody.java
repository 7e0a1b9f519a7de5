package io.prescale.connectors.actuator;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read up to {@code limit} bytes: past it the rest is not read (the subscription is
 * cancelled) and the body is marked cut. A receiver that answered a 100 MB body, or streamed one
 * without end, had the actuator buffer all of it, until the heap ran out (a tester's finding).
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Body> {

    /**
     * @param text the bytes read, as UTF-8 (a malformed sequence replaced)
     * @param cut whether the body went on past the bytes read
     */
    record Body(String text, boolean cut) {}

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    CappedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        boolean over = false;
        for (ByteBuffer b : items) {
            int take = Math.min(b.remaining(), limit - bytes.size());
            over |= take < b.remaining();
            byte[] chunk = new byte[take];
            b.get(chunk);
            bytes.write(chunk, 0, take);
        }
        if (over) {
            subscription.cancel();
            complete(true);
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        complete(false);
    }

    /** Stops reading (the deadline passed). */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void complete(boolean cut) {
        result.complete(new Body(new String(bytes.toByteArray(), StandardCharsets.UTF_8), cut));
    }
}
