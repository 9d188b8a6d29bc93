import type { Shape } from './shape';
import type { zhCN } from './zh-CN';
// Feature dictionaries (each feature folder's i18n.ts), one line each.
// (features: en imports)
import { en as teamEn } from '../team/i18n';
import { en as radarEn } from '../radar/i18n';
import { en as dashboardEn } from '../dashboard/i18n';
import { en as campaignsEn } from '../campaigns/i18n';
import { en as rulesEn } from '../rules/i18n';
import { en as syncEn } from '../sync/i18n';
import { en as todayEn } from '../today/i18n';
import { en as rosterEn } from '../roster/i18n';
import { en as pointsEn } from '../points/i18n';
import { en as cardsEn } from '../cards/i18n';
import { en as appointmentsEn } from '../appointments/i18n';
import { en as c360En } from '../customer/i18n';

export const en: Shape<typeof zhCN> = {
  app: { title: 'Retention Desk', store: 'Store' },
  nav: { today: 'Today', customers: 'Customers', cards: 'Cards', team: 'Team', settings: 'Sync & Settings', signOut: 'Switch user' },
  firstRun: {
    title: 'Welcome to Retention Desk',
    subtitle: 'This computer has no store data yet.',
    demoTitle: 'Load a demo store',
    demoBody: 'Generates a fictional dealership: {{count}} customers with their vehicles, visits, preferences and families, so you can try the front desk right away.',
    loadDemo: 'Load demo store',
    loadingDemo: 'Generating the demo store…',
    hqTitle: 'Connect to HQ',
    hqBody: "Connect with the store's enrolment code from HQ; the store's data then syncs down automatically.",
  },
  pick: { title: 'Who is at this desk?', subtitle: '{{store}} · pick yourself to start', managers: 'Store manager', advisors: 'Service advisors' },
  role: { advisor: 'Service advisor', manager: 'Store manager' },
  search: {
    placeholder: 'Plate, phone tail, name or pinyin',
    shortcut: 'Ctrl+K',
    noResults: 'Nothing found for “{{query}}”',
    hint: 'Type at least two letters or digits, or one Chinese character',
    matchedBy: { plate: 'plate', phone: 'phone', name: 'name', pinyin: 'pinyin', initials: 'initials' },
  },
  tier: { normal: 'Normal', silver: 'Silver', gold: 'Gold', diamond: 'Diamond' },
  customer: {
    back: 'Back',
    advisor: 'Advisor',
    noAdvisor: 'No advisor assigned',
    memberSince: 'Member since',
    birthday: 'Birthday',
    lunar: 'Lunar',
    leap: 'leap ',
    phones: 'Phones',
    consent: 'Marketing consent',
    consentYes: 'Agreed to marketing contact',
    consentNo: 'No marketing consent',
    doNotContact: 'Do not contact',
    preferences: 'Preferences (prepare before they arrive)',
    noPreferences: 'No preferences recorded yet. Note what this customer likes so it is ready next visit.',
    notedBy: 'noted by {{who}} on {{when}}',
    vehicles: 'Vehicles',
    deliveredOn: 'delivered {{date}}',
    mileage: '{{km}} km',
    newEnergy: 'NEV',
    visits: 'Recent visits',
    noVisits: 'No visits yet.',
    visitDate: 'Date',
    visitType: 'Type',
    visitMileage: 'Mileage (km)',
    amount: 'Amount',
    plate: 'Plate',
    visitAdvisor: 'Advisor',
    free: 'free',
    loading: 'Opening customer…',
  },
  visitType: { maintenance: 'Maintenance', repair: 'Repair', warranty: 'Warranty', inspection: 'Inspection', bodywork: 'Body & paint', accessory: 'Accessories', free_check: 'Free check', event: 'Event' },
  prefCategory: { drink: 'Drink', contact_channel: 'Channel', contact_time: 'Contact time', lounge: 'Waiting', family: 'Family', hobby: 'Hobby', do_not_disturb: 'Do not disturb', suggestion: 'Suggestion', other: 'Other' },
  screens: {
    today: { title: 'Today', body: 'Your day will be listed here: calls due and overdue, handwritten cards to write this week, red and yellow customers with their reasons, and the preferences of today’s arrivals. The rules engine fills it in.' },
    customers: { title: 'My customers', body: 'Your assigned customers will be listed here, filterable by tier, risk, last visit and upcoming birthdays. Meanwhile the search box above finds any customer.' },
    cards: { title: 'Handwritten cards', body: 'Birthday and anniversary cards to write will be listed here, with what to mention (the car story, preferences, family) and a printable sheet for the week.' },
    team: { title: 'Team', body: 'The store manager will see each advisor’s follow-ups (done, overdue), the risk radar and the retention metrics here, reassign customers and export to Excel.' },
  },
  settings: {
    title: 'Sync & Settings',
    language: 'Language',
    store: 'Store',
    sync: 'HQ sync',
    signedInAs: 'Signed in as',
  },
  errors: {
    validation: 'Please check: {{field}}',
    not_found: 'That record does not exist',
    conflict: 'Conflict: {{message}}',
    conflictReason: {
      update_needed: 'HQ runs a newer sync version: update this app first',
      already_earned: 'These points were earned already',
      already_booked: 'The customer already has an appointment that day',
      full: 'That slot is full: choose another',
      not_today: 'This appointment is not today’s: it cannot be marked arrived',
      connected: 'This desk is connected to HQ and its store is downloading: no demo store here',
    },
    moved: 'HQ answers from another address: {{to}}. Connect to that address',
    tooLarge: 'This change touches {{rows}} records, more than {{max}} at once; nothing was saved: do it in parts',
    bound: {
      max: { array: '{{field}}: at most {{limit}} at once; choose fewer and try again', string: '{{field}}: at most {{limit}} characters', number: '{{field}}: at most {{limit}}' },
      min: { array: '{{field}}: at least {{limit}} needed', string: '{{field}}: at least {{limit}} characters', number: '{{field}}: at least {{limit}}' },
      required: { array: 'Choose at least one: {{field}}', string: 'Please fill in: {{field}}' },
    },
    forbidden: 'You are not allowed to do this',
    offline: 'Lost the connection to the desk core; please reopen the app',
    internal: 'Something went wrong; nothing was changed. Please try again',
  },
  fields: {
    value: 'preference', category: 'category', channel: 'channel', purpose: 'purpose', outcome: 'outcome', note: 'note', nextStep: 'next step', nextDate: 'next follow-up date',
    score: 'score', comment: 'comment', surveyedOn: 'survey date', summary: 'complaint', openedOn: 'opening date', resolution: 'resolution', resolvedOn: 'resolution date',
    id: 'record', customerId: 'customer', customerIds: 'customers', choice: 'choice', marketingConsent: 'marketing consent', doNotContact: 'do-not-contact',
    advisorId: 'advisor', date: 'date', time: 'time slot', from: 'start date', to: 'end date', until: 'snooze date', snoozedUntil: 'snooze date', reason: 'reason',
    points: 'points', forWhat: 'redeemed for', toCustomerId: 'receiving customer', visitId: 'visit', vehicleId: 'vehicle', taskId: 'task', status: 'status',
    hqUrl: 'HQ address', code: 'enrolment code', deviceName: 'device name', churnReason: 'why they stopped coming', relation: 'relation',
    staffId: 'staff member', query: 'search text', language: 'language', role: 'role', session: 'sign-in', verb: 'action',
    toAdvisorId: 'new advisor', name: 'name', benefit: 'what the customer gets', audience: 'audience', tiers: 'tiers', kind: 'kind', startsOn: 'start date', endsOn: 'end date', acknowledgeLoyalWarning: 'loyal-customer warning',
  },
  common: { retry: 'Retry', loading: 'Loading…' },
  // (features: en entries)
  team: teamEn,
  radar: radarEn,
  dashboard: dashboardEn,
  campaigns: campaignsEn,
  rules: rulesEn,
  sync: syncEn,
  today: todayEn,
  roster: rosterEn,
  points: pointsEn,
  cards: cardsEn,
  appointments: appointmentsEn,
  c360: c360En,
};
