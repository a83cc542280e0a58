/**
 * The signature count a share image shows, rounded down to a step of 1, 2.5 and 5 per power of
 * ten from 10 on (0, 10, 25, 50, 100, 250, 500, 1,000, 2,500, …): the image then changes, and is
 * rendered again, a few times per order of magnitude instead of at every signature.
 */
export function countBucket(count: number): number {
  if (!(count >= 10)) return 0;
  let bucket = 10;
  for (let magnitude = 10; magnitude <= count; magnitude *= 10) {
    for (const step of [magnitude, (magnitude * 5) / 2, magnitude * 5]) if (step <= count) bucket = step;
  }
  return bucket;
}
