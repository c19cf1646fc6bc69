/** The monthly cost estimate (generated/cost/estimate.json, from the capacity model and iac/cost/prices.ts). */
import React from 'react';
import estimate from '@site/generated/cost/estimate.json';
import ScrollRegion from './ScrollRegion';

const money = (n: number) => n.toLocaleString('en-US', { style: 'currency', currency: estimate.currency, maximumFractionDigits: 0 });

export default function CostEstimate(): React.JSX.Element {
  return (
    <>
      <ScrollRegion label="Monthly cost estimate">
        <table>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Quantity per month</th>
              <th scope="col">Monthly</th>
            </tr>
          </thead>
          <tbody>
            {estimate.lines.map((l) => (
              <tr key={l.item}>
                <td>{l.item}</td>
                <td>{l.quantity}</td>
                <td>{money(l.monthly)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row" colSpan={2}>
                Total (list prices, {estimate.region}, as of {estimate.asOf})
              </th>
              <td>
                <strong>{money(estimate.total)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      </ScrollRegion>
      <p>
        Peak window: about {estimate.peakHoursPerMonth} hours a month at the peak node counts. Not included:
      </p>
      <ul>
        {estimate.excluded.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </>
  );
}
