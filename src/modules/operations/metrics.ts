/**
 * Prometheus metrics without a client library: counters and histograms kept in memory by this
 * process, gauges read when scraped, written in the text exposition format (version 0.0.4).
 * Each node answers for itself; Prometheus sums the nodes.
 */

type Labels = Readonly<Record<string, string>>;

/** A gauge's reading at scrape time. */
export interface GaugeSample {
  labels?: Labels;
  value: number;
}

interface Metric {
  readonly name: string;
  render(): Promise<string[]>;
}

function labelText(labels: Labels | undefined, extra?: Labels): string {
  const all = { ...labels, ...extra };
  const names = Object.keys(all);
  if (names.length === 0) return "";
  const pairs = names.map((name) => `${name}="${escapeLabelValue(all[name]!)}"`);
  return `{${pairs.join(",")}}`;
}

/** Backslash, double quote and line feed are the three characters a label value must escape. */
export function escapeLabelValue(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

/**
 * One string per label set, built on every request (two or three times): joined with control
 * characters that no label (method, route pattern, status, template) holds, it costs a sixth of
 * `JSON.stringify(Object.entries(labels))`.
 */
function keyOf(labels: Labels): string {
  let key = "";
  for (const name in labels) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  /** The current value for these labels (0 when never counted). */
  value(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0;
  }

  async render(): Promise<string[]> {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines;
  }
}

interface HistogramSeries {
  labels: Labels;
  /** Observations per bucket (not cumulative; summed when rendered). */
  buckets: number[];
  sum: number;
  count: number;
}

export class Histogram implements Metric {
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly bounds: readonly number[],
  ) {}

  observe(value: number, labels: Labels = {}): void {
    const key = keyOf(labels);
    let series = this.series.get(key);
    if (!series) {
      series = { labels, buckets: new Array(this.bounds.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    const index = this.bounds.findIndex((bound) => value <= bound);
    if (index >= 0) series.buckets[index]!++;
    series.sum += value;
    series.count++;
  }

  async render(): Promise<string[]> {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, buckets, sum, count } of this.series.values()) {
      let cumulative = 0;
      for (const [i, bound] of this.bounds.entries()) {
        cumulative += buckets[i]!;
        lines.push(`${this.name}_bucket${labelText(labels, { le: String(bound) })} ${cumulative}`);
      }
      lines.push(`${this.name}_bucket${labelText(labels, { le: "+Inf" })} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${sum}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines;
  }
}

export class Gauge implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly read: () => Promise<GaugeSample[]>,
  ) {}

  async render(): Promise<string[]> {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of await this.read())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines;
  }
}

/** A metric registered again under its name replaces the first (an app rebuilt on one context). */
export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }

  histogram(name: string, help: string, bounds: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, bounds));
  }

  gauge(name: string, help: string, read: () => Promise<GaugeSample[]>): Gauge {
    return this.add(new Gauge(name, help, read));
  }

  async render(): Promise<string> {
    const parts = await Promise.all([...this.metrics.values()].map((metric) => metric.render()));
    return `${parts.flat().join("\n")}\n`;
  }

  private add<M extends Metric>(metric: M): M {
    this.metrics.set(metric.name, metric);
    return metric;
  }
}
