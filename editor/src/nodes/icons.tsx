import type { ReactElement } from 'react';
import type { NodeType } from '../../../shared/scenario/schema';

const paths: Record<NodeType, ReactElement> = {
  dailyTrigger: (
    <>
      <circle cx="12" cy="12" r="8" />
      <path d="M12 8v4l2.5 2.5" />
    </>
  ),
  filter: <path d="M4 5h16l-6 7.5V19l-4-2v-4.5z" />,
  frequencyLimit: (
    <>
      <circle cx="12" cy="12" r="8" />
      <path d="M6.5 17.5l11-11" />
    </>
  ),
  send: <path d="M4 12l16-7-6 16-3-7z M11 14l9-9" />,
  wait: <path d="M7 4h10M7 20h10M8 4c0 4 8 6 8 8s-8 4-8 8M16 4c0 4-8 6-8 8" />,
  checkOrders: (
    <>
      <path d="M5 6h2l2 9h9l2-7H8" />
      <circle cx="10" cy="19" r="1.2" />
      <circle cx="17" cy="19" r="1.2" />
    </>
  ),
  grantBonus: (
    <>
      <rect x="4" y="9" width="16" height="11" rx="1.5" />
      <path d="M12 9v11M4 13h16M12 9c-2-4-6-4-6-1.5S10 9 12 9zM12 9c2-4 6-4 6-1.5S14 9 12 9z" />
    </>
  ),
  reminder: <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15zM10 20a2 2 0 0 0 4 0" />,
  abSplit: <path d="M12 20v-7M12 13L6 6M12 13l6-7M6 6H4M6 6v2M18 6h2M18 6v2" />,
  task: (
    <>
      <rect x="5" y="4" width="14" height="16" rx="2" />
      <path d="M9 9h6M9 13h6M9 17h3" />
    </>
  ),
  exit: <path d="M10 5H6a1 1 0 0 0-1 1v12a1 1 0 0 0 1 1h4M14 8l4 4-4 4M18 12H9" />,
  waitUntil: (
    <>
      <rect x="4" y="5" width="16" height="15" rx="1.5" />
      <path d="M4 9h16M8 3v4M16 3v4M12 12v3l2 1.5" />
    </>
  ),
  webhook: (
    <>
      <circle cx="6" cy="17" r="2.5" />
      <circle cx="18" cy="17" r="2.5" />
      <circle cx="12" cy="6" r="2.5" />
      <path d="M10.8 8.2L7.2 14.8M8.5 17h7M13.2 8.2l3.6 6.6" />
    </>
  ),
  updateCustomer: (
    <>
      <path d="M4 12V5a1 1 0 0 1 1-1h7l8 8-8 8z" />
      <circle cx="8.5" cy="8.5" r="1.3" />
    </>
  ),
  orderTrigger: (
    <>
      <path d="M5.5 8h13l-1 12h-11z" />
      <path d="M9 10V7a3 3 0 0 1 6 0v3" />
    </>
  ),
  eventTrigger: <path d="M13 3L5 14h6l-1 7 8-11h-6z" />,
  bonusExpiryTrigger: <path d="M12 21c-3.6 0-6-2.4-6-5.6 0-3.6 3.2-5.2 3.8-9.4 2 1.4 3 3.4 3.1 5.4.9-.6 1.5-1.7 1.6-2.9 2 1.6 3.5 4.2 3.5 6.9 0 3.2-2.4 5.6-6 5.6z" />,
  birthdayTrigger: (
    <>
      <path d="M4 20h16M5.5 20v-7h13v7M5.5 16.5c2.2 1.3 4.4 1.3 6.5 0s4.3-1.3 6.5 0M12 13v-3" />
      <path d="M12 7.6c-.9-.7-.9-2 0-3.6.9 1.6.9 2.9 0 3.6z" />
    </>
  ),
  segmentTrigger: (
    <>
      <circle cx="14.5" cy="12" r="6" />
      <path d="M2.5 12h9M8.5 9l3 3-3 3" />
    </>
  ),
  waitForPurchase: (
    <>
      <path d="M3 5h2l2 9h8.5" />
      <circle cx="8.5" cy="18.5" r="1.2" />
      <circle cx="14.5" cy="18.5" r="1.2" />
      <circle cx="17" cy="8" r="4.2" />
      <path d="M17 6v2.2l1.4 1" />
    </>
  ),
};

export function NodeIcon({ type, size = 18 }: { type: NodeType; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      {paths[type]}
    </svg>
  );
}
