import type { MessageContext } from '../../../shared/templates/variables';

export interface SampleCustomer {
  id: string;
  label: { ru: string; en: string };
  context: Omit<MessageContext, 'bonus' | 'scenario'>;
}

/** Customers to preview messages for: the segments from the domain material, so texts are checked on real shapes. */
export const SAMPLE_CUSTOMERS: SampleCustomer[] = [
  {
    id: 'anna',
    label: { ru: 'Анна, разовая покупка', en: 'Anna, one purchase' },
    context: { customer: { id: 'C-1042', name: 'Анна Петрова', firstName: 'Анна', city: 'Тверь', bonusBalance: 0, favoriteCategory: 'Кофе', orderCount: 1 } },
  },
  {
    id: 'alexey',
    label: { ru: 'Алексей, постоянный, 1 500 баллов', en: 'Alexey, regular, 1,500 points' },
    context: { customer: { id: 'C-2077', name: 'Алексей Смирнов', firstName: 'Алексей', city: 'Москва', bonusBalance: 1500, favoriteCategory: 'Гипсокартон', orderCount: 6 } },
  },
  {
    id: 'noname',
    label: { ru: 'Клиент без имени и города', en: 'Customer without name or city' },
    context: { customer: { id: 'C-3001', name: null, firstName: null, city: null, bonusBalance: 120, favoriteCategory: null, orderCount: 2 } },
  },
];
