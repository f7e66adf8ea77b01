import { useEffect, useState } from 'react';
import { currentUser, logout, type SessionUser } from './api/auth';
import { onUnauthorized } from './api/http';
import { useLang } from './i18n';
import { useRoute } from './router';
import { LoginScreen } from './screens/LoginScreen';
import { ChangePasswordScreen } from './screens/ChangePasswordScreen';
import { ScenarioListScreen } from './screens/ScenarioListScreen';
import { EditorScreen } from './screens/EditorScreen';
import { Toasts } from './ui/toast';
import { RfmScreen } from './rfm/RfmScreen';
import { AnalyticsScreen } from './analytics/AnalyticsScreen';
import { ReportScreen } from './analytics/ReportScreen';
import { CustomerSearchScreen } from './support/CustomerSearchScreen';
import { CustomerCardScreen } from './support/CustomerCardScreen';
import { RunScreen } from './support/RunScreen';
import { RunsListScreen } from './support/RunsListScreen';
import { TasksScreen } from './support/TasksScreen';
import { PolicyScreen } from './settings/PolicyScreen';
import { WebhooksScreen } from './settings/WebhooksScreen';

export function App() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const route = useRoute((s) => s.route);
  const lang = useLang((s) => s.lang);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    currentUser()
      .then(setUser)
      .catch(() => setUser(null));
    return onUnauthorized(() => setUser(null));
  }, []);

  if (user === undefined) return <div className="boot" aria-busy="true" />;
  if (user === null) return <LoginScreen onLogin={setUser} />;
  if (user.mustChangePassword) return <ChangePasswordScreen user={user} onChanged={() => void currentUser().then(setUser)} />;
  const signOut = () => {
    void logout().finally(() => setUser(null));
  };
  return (
    <>
      {route.name === 'analytics' ? (
        <AnalyticsScreen user={user} onLogout={signOut} />
      ) : route.name === 'report' ? (
        <ReportScreen key={route.id} id={route.id} user={user} onLogout={signOut} />
      ) : route.name === 'policy' ? (
        <PolicyScreen user={user} onLogout={signOut} />
      ) : route.name === 'webhooks' ? (
        <WebhooksScreen user={user} onLogout={signOut} />
      ) : route.name === 'rfm' ? (
        <RfmScreen user={user} onLogout={signOut} />
      ) : route.name === 'customers' || (route.name === 'list' && user.role === 'support') ? (
        <CustomerSearchScreen user={user} onLogout={signOut} initialQuery={route.name === 'customers' ? route.q : undefined} />
      ) : route.name === 'customer' ? (
        <CustomerCardScreen key={route.id} id={route.id} user={user} onLogout={signOut} />
      ) : route.name === 'run' ? (
        <RunScreen key={route.id} id={route.id} user={user} onLogout={signOut} />
      ) : route.name === 'runs' ? (
        <RunsListScreen key={route.scenarioId} scenarioId={route.scenarioId} user={user} onLogout={signOut} />
      ) : route.name === 'tasks' ? (
        <TasksScreen user={user} onLogout={signOut} />
      ) : route.name === 'editor' ? (
        <EditorScreen key={`${route.id}/${route.version ?? 'draft'}`} id={route.id} version={route.version} user={user} />
      ) : (
        <ScenarioListScreen user={user} onLogout={signOut} />
      )}
      <Toasts />
    </>
  );
}

