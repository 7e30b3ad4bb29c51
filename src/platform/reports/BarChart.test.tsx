import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { BarChart } from './BarChart.js';

test('bars are proportional to the largest value, labels are escaped, the title names the chart', () => {
  const svg = renderToString(
    <BarChart
      title="Median in Tagen"
      bars={[
        { label: '<b>A</b>', value: 10, display: '10 Tage' },
        { label: 'B', value: 5 },
      ]}
    />,
  );
  assert.match(svg, /<title>Median in Tagen<\/title>/);
  assert.match(svg, /width="300.0"/);
  assert.match(svg, /width="150.0"/);
  assert.match(svg, /&lt;b>A&lt;\/b>/);
  assert.match(svg, />10 Tage</);
});

test('all-zero figures draw empty bars, not NaN', () => {
  const svg = renderToString(<BarChart title="t" bars={[{ label: 'A', value: 0 }]} />);
  assert.doesNotMatch(svg, /NaN/);
});
