import { describe, expect, it } from 'vitest';
import { toCsv } from './reportcsv.js';
import { barChart, columnChart, stackedChart } from './reportcharts.js';

describe('a query as CSV', () => {
  it('quotes commas, quotes and line breaks, ends lines with CRLF, and leaves empty what is null', () => {
    expect(toCsv(['a', 'b', 'c'], [['x, y', 'say "hi"', null], [1, 'two\nlines', '']])).toBe('a,b,c\r\n"x, y","say ""hi""",\r\n1,"two\nlines",\r\n');
  });
  it('keeps a spreadsheet from running a name as a formula', () => {
    expect(toCsv(['name'], [['=HYPERLINK("x")'], ['+1'], ['@sum'], [-3]])).toBe('name\r\n"\'=HYPERLINK(""x"")"\r\n\'+1\r\n\'@sum\r\n-3\r\n');
  });
});

describe('the report charts', () => {
  it('draws one bar per label, the longest as wide as the plot, with the values written', () => {
    const { shapes } = barChart([{ label: 'Alice', value: 200 }, { label: 'Bob', value: 100, note: '1 GB' }], 'none');
    const bars = shapes.filter((s) => s.t === 'rect');
    expect(bars).toHaveLength(2);
    expect((bars[0] as { w: number }).w).toBeCloseTo(2 * (bars[1] as { w: number }).w);
    expect(shapes.filter((s) => s.t === 'text').map((s) => (s as { text: string }).text)).toEqual(['Alice', '200', 'Bob', '100 · 1 GB']);
  });
  it('says so when there is nothing to draw', () => {
    expect(barChart([], 'No restriction changes were found.').shapes.some((s) => s.t === 'text' && s.text === 'No restriction changes were found.')).toBe(true);
    expect(columnChart([{ label: '1 Jan', value: 0 }]).height).toBe(60);
  });
  it('stacks the states of a query in order, a segment only for a state that has findings', () => {
    const { shapes } = stackedChart([{ label: 'Top downloaders', values: { new: 1, contacted: 0, explained: 2, incident: 0, closed: 1 } }]);
    // 5 legend squares, then the 3 segments.
    expect(shapes.filter((s) => s.t === 'rect')).toHaveLength(5 + 3);
  });
});
