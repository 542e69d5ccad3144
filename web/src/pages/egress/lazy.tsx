import { lazy, Suspense, type ComponentProps } from 'react';
import { Loading } from '../../ui/bits.js';

/** The charts, loaded when first drawn: recharts stays out of the bundle every page loads. */
const Charts = {
  EgressChart: lazy(() => import('./charts.js').then((m) => ({ default: m.EgressChart }))),
  EgressEventsTimeline: lazy(() => import('./charts.js').then((m) => ({ default: m.EgressEventsTimeline }))),
};

export function EgressChart(props: ComponentProps<typeof Charts.EgressChart>) {
  return <Suspense fallback={<Loading what="Drawing the chart" />}><Charts.EgressChart {...props} /></Suspense>;
}

export function EgressEventsTimeline(props: ComponentProps<typeof Charts.EgressEventsTimeline>) {
  return <Suspense fallback={<Loading what="Drawing the chart" />}><Charts.EgressEventsTimeline {...props} /></Suspense>;
}
