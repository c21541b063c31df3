import { describe, expect, it } from 'vitest';
import { suggestClosest } from './suggest-closest.ts';

const parameters = ['epochs', 'imgsz', 'batch', 'lr0', 'lrf', 'optimizer'];

describe('suggestClosest', () => {
  it('suggests the key one letter away', () => {
    expect(suggestClosest('epoch', parameters)).toBe('epochs');
    expect(suggestClosest('bacth', parameters)).toBe('batch');
  });

  it('counts swapped neighbours as one typo', () => {
    expect(suggestClosest('epcohs', parameters)).toBe('epochs');
    expect(suggestClosest('trian', ['train', 'export', 'runs', 'retrain', 'models'])).toBe('train');
  });

  it('ignores case when comparing but answers in the candidate’s spelling', () => {
    expect(suggestClosest('ADAMW', ['SGD', 'Adam', 'AdamW'])).toBe('AdamW');
  });

  it('completes a word that only one candidate starts with', () => {
    expect(suggestClosest('img', parameters)).toBe('imgsz');
    expect(suggestClosest('opt', parameters)).toBe('optimizer');
  });

  it('prefers the candidate that continues the word on a tie', () => {
    expect(suggestClosest('of', ['on', 'off'])).toBe('off');
  });

  it('suggests nothing when no candidate is close', () => {
    expect(suggestClosest('weights', parameters)).toBeUndefined();
    expect(suggestClosest('x', ['y'])).toBeUndefined();
    expect(suggestClosest('', parameters)).toBeUndefined();
    expect(suggestClosest('epoch', [])).toBeUndefined();
  });

  it('gives up on words far longer than any key', () => {
    expect(suggestClosest('epochs'.repeat(100), parameters)).toBeUndefined();
  });
});
