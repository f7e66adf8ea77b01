/** The demo shop: «Булочная на углу», a bakery-café chain. Names, cities and a menu that fit together. */

export const MALE_FIRST = ['Александр', 'Алексей', 'Андрей', 'Артём', 'Владимир', 'Дмитрий', 'Евгений', 'Иван', 'Игорь', 'Кирилл', 'Максим', 'Михаил', 'Никита', 'Николай', 'Павел', 'Роман', 'Сергей', 'Тимур', 'Фёдор', 'Юрий'];
export const FEMALE_FIRST = ['Алина', 'Анастасия', 'Анна', 'Валентина', 'Виктория', 'Дарья', 'Екатерина', 'Елена', 'Ирина', 'Ксения', 'Людмила', 'Мария', 'Марина', 'Наталья', 'Ольга', 'Полина', 'Светлана', 'Софья', 'Татьяна', 'Юлия'];
/** Male surname forms; the female form adds «а» (Иванов → Иванова) or swaps «ий» for «ая» (Горький → Горькая). */
export const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв', 'Ильин', 'Максимов', 'Поляков', 'Сорокин', 'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов', 'Жуков', 'Баранов', 'Филиппов', 'Комаров', 'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров', 'Матвеев', 'Титов', 'Марков', 'Миронов', 'Крылов', 'Куликов', 'Карпов', 'Власов', 'Мельников', 'Денисов', 'Гаврилов', 'Тихонов', 'Казаков', 'Афанасьев', 'Данилов', 'Савельев', 'Тимофеев', 'Фомин', 'Чернов', 'Абрамов', 'Мартынов', 'Ефимов', 'Федотов', 'Щербаков', 'Назаров', 'Калинин', 'Исаев', 'Чернышёв', 'Быков', 'Маслов', 'Родионов', 'Коновалов', 'Лазарев', 'Воронин', 'Климов', 'Филатов', 'Пономарёв', 'Голубев', 'Кудрявцев', 'Прохоров', 'Наумов', 'Потапов', 'Журавлёв', 'Овчинников', 'Трофимов', 'Леонов', 'Соболев', 'Ермаков', 'Колесников', 'Гончаров', 'Емельянов', 'Никифоров', 'Грачёв', 'Котов', 'Гришин', 'Ефремов', 'Архипов', 'Громов', 'Кириллов', 'Малышев', 'Панов', 'Моисеев', 'Румянцев', 'Акимов', 'Кондратьев', 'Бирюков', 'Горбунов', 'Анисимов', 'Ерёмин', 'Тихомиров', 'Галкин', 'Лукьянов', 'Михеев', 'Скворцов', 'Юдин', 'Белоусов', 'Нестеров', 'Симонов', 'Прокофьев', 'Харитонов', 'Князев', 'Цветков', 'Левин', 'Митрофанов', 'Воронов', 'Аксёнов', 'Софронов', 'Мальцев', 'Логинов', 'Горшков', 'Савин', 'Краснов', 'Майоров', 'Демидов', 'Елисеев', 'Рыбаков', 'Сафонов', 'Плотников', 'Дёмин', 'Хохлов', 'Жданов', 'Руденко', 'Шевченко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Островский', 'Вишневский', 'Чайковский', 'Белый'];

export function femaleSurname(male: string): string {
  if (/енко$/.test(male)) return male;
  if (/ий$/.test(male)) return male.replace(/ий$/, 'ая');
  if (/ый$/.test(male)) return male.replace(/ый$/, 'ая');
  return `${male}а`;
}

/** Cities with their IANA zones, UTC offsets (Russia keeps no daylight saving time since 2014) and shares of customers. */
export const CITIES = [
  { name: 'Москва', timezone: 'Europe/Moscow', offsetHours: 3, weight: 38 },
  { name: 'Санкт-Петербург', timezone: 'Europe/Moscow', offsetHours: 3, weight: 16 },
  { name: 'Казань', timezone: 'Europe/Moscow', offsetHours: 3, weight: 7 },
  { name: 'Нижний Новгород', timezone: 'Europe/Moscow', offsetHours: 3, weight: 6 },
  { name: 'Краснодар', timezone: 'Europe/Moscow', offsetHours: 3, weight: 5 },
  { name: 'Самара', timezone: 'Europe/Samara', offsetHours: 4, weight: 5 },
  { name: 'Екатеринбург', timezone: 'Asia/Yekaterinburg', offsetHours: 5, weight: 7 },
  { name: 'Пермь', timezone: 'Asia/Yekaterinburg', offsetHours: 5, weight: 3 },
  { name: 'Омск', timezone: 'Asia/Omsk', offsetHours: 6, weight: 3 },
  { name: 'Новосибирск', timezone: 'Asia/Novosibirsk', offsetHours: 7, weight: 5 },
  { name: 'Владивосток', timezone: 'Asia/Vladivostok', offsetHours: 10, weight: 2 },
  { name: 'Калининград', timezone: 'Europe/Kaliningrad', offsetHours: 2, weight: 3 },
] as const;
export type City = (typeof CITIES)[number];

export interface MenuItem {
  sku: string;
  name: string;
  category: string;
  price: number;
}

/** The menu, by category; prices in roubles. */
export const MENU: MenuItem[] = [
  { sku: 'COF-ESP', name: 'Эспрессо', category: 'Кофе', price: 150 },
  { sku: 'COF-AME', name: 'Американо', category: 'Кофе', price: 190 },
  { sku: 'COF-CAP', name: 'Капучино', category: 'Кофе', price: 260 },
  { sku: 'COF-LAT', name: 'Латте', category: 'Кофе', price: 280 },
  { sku: 'COF-RAF', name: 'Раф ванильный', category: 'Кофе', price: 330 },
  { sku: 'COF-FLT', name: 'Флэт уайт', category: 'Кофе', price: 300 },
  { sku: 'TEA-BLK', name: 'Чай чёрный с чабрецом', category: 'Чай', price: 180 },
  { sku: 'TEA-GRN', name: 'Чай зелёный с жасмином', category: 'Чай', price: 180 },
  { sku: 'TEA-SBT', name: 'Облепиховый чай', category: 'Чай', price: 250 },
  { sku: 'PAS-CRS', name: 'Круассан классический', category: 'Выпечка', price: 160 },
  { sku: 'PAS-CRA', name: 'Круассан с миндалём', category: 'Выпечка', price: 230 },
  { sku: 'PAS-CIN', name: 'Синнабон', category: 'Выпечка', price: 220 },
  { sku: 'PAS-PIR', name: 'Пирожок с капустой', category: 'Выпечка', price: 90 },
  { sku: 'PAS-VAT', name: 'Ватрушка с творогом', category: 'Выпечка', price: 110 },
  { sku: 'PAS-SLO', name: 'Слойка с вишней', category: 'Выпечка', price: 140 },
  { sku: 'BRD-BOR', name: 'Хлеб бородинский', category: 'Хлеб', price: 120 },
  { sku: 'BRD-BAG', name: 'Багет французский', category: 'Хлеб', price: 110 },
  { sku: 'BRD-CHI', name: 'Чиабатта', category: 'Хлеб', price: 130 },
  { sku: 'BRD-ZAK', name: 'Хлеб на закваске', category: 'Хлеб', price: 220 },
  { sku: 'DES-MED', name: 'Медовик, кусок', category: 'Десерты', price: 320 },
  { sku: 'DES-NAP', name: 'Наполеон, кусок', category: 'Десерты', price: 310 },
  { sku: 'DES-CHZ', name: 'Чизкейк Нью-Йорк', category: 'Десерты', price: 380 },
  { sku: 'DES-ECL', name: 'Эклер', category: 'Десерты', price: 170 },
  { sku: 'DES-KAR', name: 'Картошка', category: 'Десерты', price: 120 },
  { sku: 'SAN-CHK', name: 'Сэндвич с курицей', category: 'Сэндвичи', price: 390 },
  { sku: 'SAN-SAL', name: 'Сэндвич с лососем', category: 'Сэндвичи', price: 490 },
  { sku: 'SAN-VEG', name: 'Сэндвич с хумусом', category: 'Сэндвичи', price: 330 },
  { sku: 'BRK-SYR', name: 'Сырники со сметаной', category: 'Завтраки', price: 390 },
  { sku: 'BRK-OAT', name: 'Овсяная каша с ягодами', category: 'Завтраки', price: 290 },
  { sku: 'BRK-OML', name: 'Омлет с ветчиной', category: 'Завтраки', price: 420 },
  { sku: 'CAK-MED', name: 'Торт «Медовик», целый', category: 'Торты', price: 2200 },
  { sku: 'CAK-NAP', name: 'Торт «Наполеон», целый', category: 'Торты', price: 2100 },
  { sku: 'BNS-HOM', name: 'Кофе в зёрнах, 250 г', category: 'Кофе домой', price: 890 },
];

/** What a visit looks like: the categories it draws from and how likely each is. */
export const BASKETS = [
  { weight: 30, lines: [['Кофе', 'Чай'], ['Выпечка']] },
  { weight: 14, lines: [['Кофе'], ['Десерты']] },
  { weight: 14, lines: [['Хлеб'], ['Выпечка', 'Хлеб']] },
  { weight: 12, lines: [['Кофе', 'Чай'], ['Завтраки'], ['Выпечка', 'Десерты']] },
  { weight: 12, lines: [['Кофе', 'Чай'], ['Сэндвичи']] },
  { weight: 8, lines: [['Кофе', 'Чай'], ['Кофе', 'Чай'], ['Десерты'], ['Выпечка']] },
  { weight: 3, lines: [['Торты']] },
  { weight: 3, lines: [['Кофе домой'], ['Кофе']] },
] as const;

export const EMAIL_DOMAINS = [['mail.ru', 35], ['yandex.ru', 30], ['gmail.com', 20], ['bk.ru', 8], ['inbox.ru', 7]] as const;

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((ch) => TRANSLIT[ch] ?? ch).join('');
}
