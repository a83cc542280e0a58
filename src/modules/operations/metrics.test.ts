import { describe, expect, it } from "vitest";
import { compactError } from "./error-log.ts";
import { escapeLabelValue, MetricsRegistry } from "./metrics.ts";

describe("the metrics registry", () => {
  it("writes counters, cumulative histogram buckets and gauges in the text format", async () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter("t_requests_total", "Requests.");
    const sizes = registry.histogram("t_batch", "Batch sizes.", [1, 10]);
    registry.gauge("t_depth", "Depth.", async () => [{ value: 7 }]);
    requests.inc({ route: "/a" });
    requests.inc({ route: "/a" });
    requests.inc({ route: "/b" }, 3);
    for (const size of [1, 5, 5, 50]) sizes.observe(size);

    const text = await registry.render();
    expect(text).toContain("# TYPE t_requests_total counter\n");
    expect(text).toContain('t_requests_total{route="/a"} 2\n');
    expect(text).toContain('t_requests_total{route="/b"} 3\n');
    expect(text).toContain(
      't_batch_bucket{le="1"} 1\nt_batch_bucket{le="10"} 3\nt_batch_bucket{le="+Inf"} 4\n',
    );
    expect(text).toContain("t_batch_sum 61\nt_batch_count 4\n");
    expect(text).toContain("# TYPE t_depth gauge\nt_depth 7\n");
  });

  it("escapes what a label value cannot hold", () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});

describe("errors in the log", () => {
  it("keep type, message and code, not a driver's client object", () => {
    const error = Object.assign(new Error("Connection terminated unexpectedly"), {
      code: "57P01",
      client: { connectionParameters: { password: "secret" }, buffer: "x".repeat(6_000) },
    });
    const logged = compactError(error);
    expect(logged).toMatchObject({
      type: "Error",
      message: "Connection terminated unexpectedly",
      code: "57P01",
    });
    const text = JSON.stringify(logged);
    expect(text).not.toContain("secret");
    expect(text.length).toBeLessThan(1_500);
  });

  it("follow a cause and turn anything thrown into a message", () => {
    const logged = compactError(new Error("outer", { cause: new Error("inner") }));
    expect(logged.cause?.message).toBe("inner");
    expect(compactError("plain words")).toEqual({ type: "string", message: "plain words" });
  });
});
