import { useNavigate } from 'react-router-dom';
import {
  Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from 'recharts';
import type { EgressSeries, EgressThreshold } from '../../types.js';
import { byteTicks, formatIec, formatSeconds, lowestThreshold, timeTicks } from './format.js';

/**
 * The egress charts (recharts, docs/adr/0018-charting-library.md): egress over time per source with the lowest
 * threshold and the incidents drawn on it, and an incident's events on a timeline. Loaded on demand (lazy.tsx):
 * recharts is the larger part of the bundle and only the egress pages draw charts.
 */

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayOnly = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A tick reads as a day when the step is a day or more, or it falls on midnight; else as a time. */
const timeTick = (step: number) => (t: number) => {
  const d = new Date(t);
  return (step >= 86_400_000 || (d.getHours() === 0 && d.getMinutes() === 0) ? dayOnly : timeOnly).format(d);
};

function TimeAxis({ domain }: { domain: [number, number] }) {
  const { ticks, step } = timeTicks(domain[0], domain[1]);
  return <XAxis dataKey="t" type="number" scale="time" domain={domain} ticks={ticks} interval="preserveStartEnd" tickFormatter={timeTick(step)} minTickGap={16} fontSize={12} />;
}

const COLORS = { monitor: '#1f5fa8', download: '#5b45a8', threshold: '#8a5a00', incident: '#b42318' };

function IncidentMarker({ cx, cy, id, onOpen }: { cx?: number; cy?: number; id: number; onOpen(id: number): void }) {
  if (cx === undefined || cy === undefined) return <g />;
  return (
    <a href={`/egress/incidents/${id}`} data-testid={`incident-marker-${id}`} aria-label={`Egress incident #${id}`}
      onClick={(e) => { e.preventDefault(); onOpen(id); }}>
      <circle cx={cx} cy={cy} r={7} fill={COLORS.incident} stroke="#fff" strokeWidth={2} style={{ cursor: 'pointer' }} />
      <text x={cx} y={cy - 11} textAnchor="middle" fontSize={11} fill={COLORS.incident}>#{id}</text>
    </a>
  );
}

/** Egress over time: the two sources stacked, the lowest threshold as a line, each incident as a marker linking to it. */
export function EgressChart({ series, height = 300, testId = 'egress-chart' }: { series: EgressSeries; height?: number; testId?: string }) {
  const navigate = useNavigate();
  const size = series.bucketSeconds * 1000;
  const data = series.buckets.map((b) => ({ t: new Date(b.start).getTime(), monitor: b.monitor, download: b.download }));
  // The last bucket drawn to its end, so the steps cover the whole span.
  if (data.length) data.push({ ...data[data.length - 1], t: data[data.length - 1].t + size });
  const threshold = lowestThreshold(series);
  const peak = Math.max(0, ...data.map((d) => d.monitor + d.download));
  const ticks = byteTicks(Math.max(peak, threshold ? threshold.bytes * 1.15 : 0));
  const top = ticks[ticks.length - 1];
  const domain: [number, number] = data.length ? [data[0].t, data[data.length - 1].t] : [0, 1];
  const total = series.totals.monitor + series.totals.download;
  return (
    <figure className="chart" data-testid={testId} aria-label={`Egress from ${full.format(new Date(series.from))} to ${full.format(new Date(series.to))}`}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 24, right: 12, bottom: 0, left: 4 }}>
          <CartesianGrid stroke="#dfe4ea" strokeDasharray="3 3" />
          {TimeAxis({ domain })}
          <YAxis domain={[0, top]} ticks={ticks} tickFormatter={formatIec} width={64} fontSize={12} />
          <Tooltip labelFormatter={(t) => full.format(new Date(Number(t)))} formatter={(v) => formatIec(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Area type="stepAfter" dataKey="monitor" name="Network monitor" stackId="egress" stroke={COLORS.monitor} fill={COLORS.monitor} fillOpacity={0.35} isAnimationActive={false} />
          <Area type="stepAfter" dataKey="download" name="Gatehouse downloads" stackId="egress" stroke={COLORS.download} fill={COLORS.download} fillOpacity={0.35} isAnimationActive={false} />
          {threshold && (
            <ReferenceLine y={threshold.bytes} stroke={COLORS.threshold} strokeDasharray="6 4"
              label={{ value: `Threshold ${formatIec(threshold.bytes)} / ${formatSeconds(threshold.windowSeconds)}`, position: 'insideTopLeft', fill: COLORS.threshold, fontSize: 12 }} />
          )}
          {series.incidents.map((i) => {
            const t = new Date(i.firstEventAt).getTime();
            return <ReferenceLine key={`l${i.id}`} x={t} stroke={COLORS.incident} strokeDasharray="2 3" />;
          })}
          {series.incidents.map((i) => (
            <ReferenceDot key={`d${i.id}`} x={new Date(i.firstEventAt).getTime()} y={top * 0.9} r={7}
              shape={(p) => <IncidentMarker cx={p.cx} cy={p.cy} id={i.id} onOpen={(id) => navigate(`/egress/incidents/${id}`)} />} />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted small">
        {formatIec(total)} in all ({formatIec(series.totals.monitor)} seen by network monitors, {formatIec(series.totals.download)} downloaded from
        Gatehouse), in buckets of {formatSeconds(series.bucketSeconds)}; {series.incidents.length} {series.incidents.length === 1 ? 'incident' : 'incidents'}.
        {threshold && <> The threshold applies to a sliding window of {formatSeconds(threshold.windowSeconds)}: a longer bucket can stand above the line without an alert.</>}
      </figcaption>
    </figure>
  );
}

/** An incident's events at their times: the bytes of each, and the running total, with the threshold line. */
export function EgressEventsTimeline({ events, threshold, height = 260 }: {
  events: { observedAt: string; bytes: number }[]; threshold: EgressThreshold | null; height?: number;
}) {
  const sorted = [...events].sort((a, b) => a.observedAt.localeCompare(b.observedAt));
  let running = 0;
  const data = sorted.map((e) => ({ t: new Date(e.observedAt).getTime(), bytes: e.bytes, total: (running += e.bytes) }));
  const ticks = byteTicks(Math.max(running, threshold ? threshold.bytes * 1.15 : 0));
  const first = data[0]?.t ?? 0;
  const last = data[data.length - 1]?.t ?? 1;
  const pad = Math.max((last - first) * 0.08, 5 * 60_000);
  return (
    <figure className="chart" data-testid="incident-timeline" aria-label="The incident's events over time">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 16, right: 12, bottom: 0, left: 4 }}>
          <CartesianGrid stroke="#dfe4ea" strokeDasharray="3 3" />
          {TimeAxis({ domain: [first - pad, last + pad] })}
          <YAxis domain={[0, ticks[ticks.length - 1]]} ticks={ticks} tickFormatter={formatIec} width={64} fontSize={12} />
          <Tooltip labelFormatter={(t) => full.format(new Date(Number(t)))} formatter={(v) => formatIec(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          <Line type="stepAfter" dataKey="total" name="Total of the incident" stroke={COLORS.download} dot={false} isAnimationActive={false} />
          <Line type="linear" dataKey="bytes" name="Event" stroke={COLORS.incident} strokeWidth={0} legendType="circle" dot={{ r: 5, fill: COLORS.incident, stroke: '#fff', strokeWidth: 1.5, className: 'event-dot' }}
            activeDot={{ r: 7 }} isAnimationActive={false} />
          {threshold && (
            <ReferenceLine y={threshold.bytes} stroke={COLORS.threshold} strokeDasharray="6 4"
              label={{ value: `Threshold ${formatIec(threshold.bytes)} / ${formatSeconds(threshold.windowSeconds)}`, position: 'insideTopLeft', fill: COLORS.threshold, fontSize: 12 }} />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
