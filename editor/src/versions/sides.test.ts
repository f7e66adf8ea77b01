import { describe, expect, it } from 'vitest';
import { olderFirst } from './sides';

describe('the sides of a comparison', () => {
  it('puts the older version on the left and the draft on the right', () => {
    expect(olderFirst(2, 1)).toEqual([1, 2]);
    expect(olderFirst(1, 3)).toEqual([1, 3]);
    expect(olderFirst('draft', 4)).toEqual([4, 'draft']);
    expect(olderFirst(4, 'draft')).toEqual([4, 'draft']);
  });
});
