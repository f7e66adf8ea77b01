import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { CHANNEL_NAMES } from '../../../shared/i18n';
import type { Channel } from '../../../shared/scenario/channels';
import { formatRub } from '../i18n/format';
import type { ScenarioReport } from './api';
import { useAnalyticsT } from './texts';

const dayMonth = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;

export function DailyChart({ daily }: { daily: ScenarioReport['daily'] }) {
  const { t } = useAnalyticsT();
  return (
    <figure className="an-chart" data-testid="chart-daily">
      <figcaption>{t('chartDaily')}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={daily} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="day" tickFormatter={dayMonth} fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} width={40} />
          <Tooltip labelFormatter={(d) => dayMonth(String(d))} />
          <Legend />
          <Line type="monotone" dataKey="entered" name={t('seriesEntered')} stroke="#4f46e5" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="returned" name={t('seriesReturned')} stroke="#059669" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function ChannelChart({ channels }: { channels: ScenarioReport['channels'] }) {
  const { t, lang } = useAnalyticsT();
  const data = channels.map((c) => ({ ...c, name: CHANNEL_NAMES[c.channel as Channel]?.[lang] ?? c.channel }));
  return (
    <figure className="an-chart" data-testid="chart-channels">
      <figcaption>{t('chartChannels')}</figcaption>
      {data.length === 0 ? (
        <p className="an-muted">{t('noChannels')}</p>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="name" fontSize={12} />
            <YAxis fontSize={12} width={56} />
            <Tooltip formatter={(v) => formatRub(Number(v))} />
            <Bar dataKey="cost" name={t('seriesCost')} fill="#f59e0b" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
