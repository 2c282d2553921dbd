import { createBrowserRouter, Navigate } from 'react-router';
import { FullPageSpin } from '../components/FullPageSpin';
import { NotFoundPage } from '../components/NotFoundPage';
import { RequireAccess } from '../modules/auth/components/RequireAccess';
import { RequireAuth } from '../modules/auth/components/RequireAuth';
import { AppLayout } from '../modules/layout/components/AppLayout';

/** Pages load on demand; the shell (layout, auth) ships with the first chunk. */
export const router = createBrowserRouter([
  {
    path: '/sign-in',
    hydrateFallbackElement: <FullPageSpin />,
    lazy: async () => ({ Component: (await import('../modules/auth/pages/SignInPage')).SignInPage }),
  },
  {
    path: '/setup',
    hydrateFallbackElement: <FullPageSpin />,
    lazy: async () => ({ Component: (await import('../modules/auth/pages/SetupPage')).SetupPage }),
  },
  {
    path: '/',
    hydrateFallbackElement: <FullPageSpin />,
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, lazy: async () => ({ Component: (await import('../modules/home/pages/HomePage')).HomePage }) },
      {
        path: 'accounts',
        lazy: async () => ({ Component: (await import('../modules/accounts/pages/AccountsPage')).AccountsPage }),
      },
      {
        path: 'accounts/:id',
        lazy: async () => ({ Component: (await import('../modules/account360/pages/AccountPage')).AccountPage }),
      },
      {
        path: 'revenue',
        lazy: async () => ({ Component: (await import('../modules/revenue/pages/RevenuePage')).RevenuePage }),
      },
      {
        path: 'renewals',
        lazy: async () => ({ Component: (await import('../modules/renewals/pages/RenewalsPage')).RenewalsPage }),
      },
      { path: 'ctas', lazy: async () => ({ Component: (await import('../modules/ctas/pages/CtasPage')).CtasPage }) },
      {
        path: 'ctas/meeting',
        lazy: async () => ({ Component: (await import('../modules/ctas/pages/MeetingPage')).MeetingPage }),
      },
      {
        path: 'ctas/effectiveness',
        lazy: async () => ({ Component: (await import('../modules/ctas/pages/EffectivenessPage')).EffectivenessPage }),
      },
      {
        path: 'onboarding',
        lazy: async () => ({ Component: (await import('../modules/onboarding/pages/OnboardingPage')).OnboardingPage }),
      },
      // Readable by every role (switches are disabled unless admin).
      {
        path: 'settings/rules',
        lazy: async () => ({ Component: (await import('../modules/ctas/pages/RulesPage')).RulesPage }),
      },
      {
        path: 'profile',
        lazy: async () => ({ Component: (await import('../modules/auth/pages/ProfilePage')).ProfilePage }),
      },
      {
        path: 'segments',
        lazy: async () => ({ Component: (await import('../modules/segments/pages/SegmentsPage')).SegmentsPage }),
      },
      {
        path: 'health/backtest',
        lazy: async () => ({ Component: (await import('../modules/health/pages/BacktestPage')).BacktestPage }),
      },
      {
        path: 'events',
        lazy: async () => ({ Component: (await import('../modules/usage/pages/EventsPage')).EventsPage }),
      },
      {
        path: 'voc',
        lazy: async () => ({ Component: (await import('../modules/voc/pages/VocReportPage')).VocReportPage }),
      },
      {
        path: 'voc/requests',
        lazy: async () => ({
          Component: (await import('../modules/voc/pages/FeatureRequestsPage')).FeatureRequestsPage,
        }),
      },
      {
        path: 'voc/requests/:id',
        lazy: async () => ({
          Component: (await import('../modules/voc/pages/FeatureRequestPage')).FeatureRequestPage,
        }),
      },
      {
        path: 'voc/taxonomy',
        lazy: async () => ({ Component: (await import('../modules/voc/pages/TaxonomyPage')).TaxonomyPage }),
      },
      {
        path: 'surveys',
        lazy: async () => ({ Component: (await import('../modules/surveys/pages/SurveysPage')).SurveysPage }),
      },
      {
        path: 'surveys/:id',
        lazy: async () => ({
          Component: (await import('../modules/surveys/pages/SurveyReportPage')).SurveyReportPage,
        }),
      },
      {
        path: 'journeys',
        lazy: async () => ({ Component: (await import('../modules/journeys/pages/JourneysPage')).JourneysPage }),
      },
      {
        path: 'journeys/:id',
        lazy: async () => ({ Component: (await import('../modules/journeys/pages/JourneyPage')).JourneyPage }),
      },
      {
        path: 'activation',
        lazy: async () => ({
          Component: (await import('../modules/activation/pages/ActivationPage')).ActivationPage,
        }),
      },
      {
        path: 'prediction',
        element: <RequireAccess access="manage" />,
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('../modules/prediction/pages/PredictionPage')).PredictionPage,
            }),
          },
        ],
      },
      {
        path: 'team',
        element: <RequireAccess access="manage" />,
        children: [
          { index: true, lazy: async () => ({ Component: (await import('../modules/team/pages/TeamPage')).TeamPage }) },
          {
            path: 'maturity',
            lazy: async () => ({
              Component: (await import('../modules/maturity/pages/MaturityPage')).MaturityPage,
            }),
          },
        ],
      },
      {
        path: 'imports',
        element: <RequireAccess access="write" />,
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../modules/imports/pages/ImportPage')).ImportPage }),
          },
        ],
      },
      // Readable by every role (the page is read-only unless the role may 'manage'); the rest of Settings is admins'.
      {
        path: 'settings/success-plans',
        element: <RequireAccess access="manage" />,
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('../modules/successplans/pages/SuccessPlanSettingsPage'))
                .SuccessPlanSettingsPage,
            }),
          },
        ],
      },
      {
        path: 'settings/revenue',
        lazy: async () => ({
          Component: (await import('../modules/revenueSettings/pages/RevenueSettingsPage')).RevenueSettingsPage,
        }),
      },
      {
        path: 'settings',
        element: <RequireAccess access="admin" />,
        children: [
          { index: true, element: <Navigate to="/settings/users" replace /> },
          {
            path: 'users',
            lazy: async () => ({ Component: (await import('../modules/admin/pages/UsersPage')).UsersPage }),
          },
          {
            path: 'tokens',
            lazy: async () => ({ Component: (await import('../modules/admin/pages/TokensPage')).TokensPage }),
          },
          {
            path: 'keys',
            lazy: async () => ({ Component: (await import('../modules/usage/pages/WriteKeysPage')).WriteKeysPage }),
          },
          {
            path: 'scim',
            lazy: async () => ({
              Component: (await import('../modules/scim/pages/ScimSettingsPage')).ScimSettingsPage,
            }),
          },
          {
            path: 'handoff',
            lazy: async () => ({
              Component: (await import('../modules/handoff/pages/HandoffSettingsPage')).HandoffSettingsPage,
            }),
          },
          {
            path: 'fit',
            lazy: async () => ({ Component: (await import('../modules/fit/pages/FitSettingsPage')).FitSettingsPage }),
          },
          {
            path: 'reviews',
            lazy: async () => ({
              Component: (await import('../modules/reviews/pages/ReviewCadencesPage')).ReviewCadencesPage,
            }),
          },
          {
            path: 'lifecycle',
            lazy: async () => ({
              Component: (await import('../modules/lifecycle/pages/LifecycleSettingsPage')).LifecycleSettingsPage,
            }),
          },
          {
            path: 'notifications',
            lazy: async () => ({
              Component: (await import('../modules/notifications/pages/NotificationChannelsPage'))
                .NotificationChannelsPage,
            }),
          },
          {
            path: 'messages',
            lazy: async () => ({
              Component: (await import('../modules/messaging/pages/MessagingSettingsPage')).MessagingSettingsPage,
            }),
          },
          {
            path: 'in-app',
            lazy: async () => ({
              Component: (await import('../modules/messaging/pages/InAppSettingsPage')).InAppSettingsPage,
            }),
          },
          {
            path: 'stripe',
            lazy: async () => ({ Component: (await import('../modules/integrations/pages/StripePage')).StripePage }),
          },
          {
            path: 'zendesk',
            lazy: async () => ({ Component: (await import('../modules/integrations/pages/ZendeskPage')).ZendeskPage }),
          },
          {
            path: 'hubspot',
            lazy: async () => ({ Component: (await import('../modules/integrations/pages/HubSpotPage')).HubSpotPage }),
          },
          {
            path: 'salesforce',
            lazy: async () => ({
              Component: (await import('../modules/integrations/pages/SalesforcePage')).SalesforcePage,
            }),
          },
          {
            path: 'sso',
            lazy: async () => ({
              Component: (await import('../modules/auth/pages/SsoSettingsPage')).SsoSettingsPage,
            }),
          },
          {
            path: 'scorecards',
            lazy: async () => ({ Component: (await import('../modules/health/pages/ScorecardsPage')).ScorecardsPage }),
          },
          {
            path: 'attributes',
            lazy: async () => ({
              Component: (await import('../modules/attributes/pages/AttributesPage')).AttributesPage,
            }),
          },
          {
            path: 'audit',
            lazy: async () => ({ Component: (await import('../modules/admin/pages/AuditPage')).AuditPage }),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
