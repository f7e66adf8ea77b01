/** The editor formats dates and amounts exactly as the server and the run journal do: shared/i18n's helpers. */
export { DEFAULT_TIME_ZONE, formatDateTime, formatDay, formatDayMonth, formatFixed, formatNumber, formatRub, formatShortDateTime, formatTime, isoDay } from '../../../shared/i18n/format';
