/**
 * Indices (into `values`) of one longest strictly increasing subsequence, O(n log n). The mapping diff
 * uses it to find the largest set of matched pairs that kept their relative order: only the rest moved.
 * Among equally long ones it keeps the latest-ending, so of two swapped neighbours the earlier one moved.
 */
export function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = []; // tails[k] = index of the smallest tail of an increasing run of length k+1
  const previous = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < values[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) kept.add(i);
  return kept;
}
