/**
 * The monthly cost estimate (generated/cost/estimate.json).
 * One module per artifact, so a page's bundle holds only the data its own tables show.
 */
import estimate from '../../generated/cost/estimate.json';
import { t, type Table } from './cells';

export function costTable(): Table {
  const money = (x: number) => x.toLocaleString('en-US', { style: 'currency', currency: estimate.currency, maximumFractionDigits: 0 });
  return {
    label: 'Monthly cost estimate',
    header: ['Item', 'Quantity per month', 'Monthly'],
    rows: [
      ...estimate.lines.map((l) => [t(l.item), t(l.quantity), t(money(l.monthly))]),
      [{ text: `Total (list prices, ${estimate.region}, as of ${estimate.asOf})`, strong: true }, t(''), { text: money(estimate.total), strong: true }],
    ],
    notes: [`Peak window: about ${estimate.peakHoursPerMonth} hours a month at the peak node counts. Not included:`],
    list: estimate.excluded,
  };
}
