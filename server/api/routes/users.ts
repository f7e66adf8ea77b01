import { z } from '@hono/zod-openapi';
import { audit } from '../../audit';
import { generatePassword } from '../../auth/password';
import { PasswordSchema, RoleSchema, UserSchema } from '../../auth/schemas';
import { deleteUserSessions } from '../../auth/sessions';
import { createUser, getUser, listUsers, otherActiveAdmins, setPassword, updateUser } from '../../auth/users';
import { conflict, notFound } from '../errors';
import { actorOf, currentUser, defineRoute, type App } from '../route';

const ADMIN = { roles: ['admin'] } as const;
const UserId = z.object({ id: z.coerce.number().int().positive() });
const userNotFound = () => notFound({ ru: 'Пользователь не найден', en: 'User not found' }, 'user_not_found');

const list = defineRoute({
  method: 'get',
  path: '/api/users',
  tags: ['Users'],
  summary: 'All staff accounts (enabled first)',
  access: ADMIN,
  responses: { 200: { description: 'Users', content: { 'application/json': { schema: z.object({ users: z.array(UserSchema) }) } } } },
});

const create = defineRoute({
  method: 'post',
  path: '/api/users',
  tags: ['Users'],
  summary: 'Create a staff account; without a password a one-time password is generated and returned once',
  access: ADMIN,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            email: z.email().max(320),
            name: z.string().trim().min(1).max(200),
            role: RoleSchema,
            password: PasswordSchema.optional().meta({ description: 'Omit to generate a one-time password that must be changed at first login' }),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: { 'application/json': { schema: z.object({ user: UserSchema, oneTimePassword: z.string().nullable() }) } },
    },
  },
});

const update = defineRoute({
  method: 'patch',
  path: '/api/users/{id}',
  tags: ['Users'],
  summary: 'Rename, change role, disable or enable an account, or reset its password to a one-time one',
  access: ADMIN,
  request: {
    params: UserId,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            name: z.string().trim().min(1).max(200).optional(),
            role: RoleSchema.optional(),
            disabled: z.boolean().optional().meta({ description: 'true signs the user out everywhere and blocks sign-in' }),
            resetPassword: z.boolean().optional().meta({ description: 'true generates a one-time password, returned once' }),
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Updated',
      content: { 'application/json': { schema: z.object({ user: UserSchema, oneTimePassword: z.string().nullable() }) } },
    },
  },
});

export function register(app: App) {
  app.openapi(list, async (c) => c.json({ users: await listUsers(c.var.deps.sql) }, 200));

  app.openapi(create, async (c) => {
    const { sql } = c.var.deps;
    const input = c.req.valid('json');
    const oneTimePassword = input.password ? null : generatePassword();
    const user = await createUser(sql, {
      email: input.email,
      name: input.name,
      role: input.role,
      password: input.password ?? oneTimePassword!,
      mustChangePassword: oneTimePassword !== null,
    });
    if (!user) throw conflict('email_taken', { ru: `Пользователь с email ${input.email} уже есть`, en: `A user with email ${input.email} already exists` });
    await audit(sql, { ...actorOf(c), action: 'user.create', entity: `user:${user.id}`, details: { email: user.email, role: user.role } });
    return c.json({ user, oneTimePassword }, 201);
  });

  app.openapi(update, async (c) => {
    const { sql } = c.var.deps;
    const { id } = c.req.valid('param');
    const patch = c.req.valid('json');
    const me = currentUser(c);
    const before = await getUser(sql, id);
    if (!before) throw userNotFound();
    const losesAdmin = before.role === 'admin' && !before.disabledAt && (patch.disabled === true || (patch.role !== undefined && patch.role !== 'admin'));
    if (losesAdmin && (await otherActiveAdmins(sql, id)) === 0) {
      throw conflict('last_admin', { ru: 'Нельзя отключить или понизить последнего администратора', en: 'The last active admin cannot be disabled or demoted' });
    }
    if (id === me.id && patch.disabled) {
      throw conflict('self_disable', { ru: 'Нельзя отключить собственную учётную запись', en: 'You cannot disable your own account' });
    }
    const user = await updateUser(sql, id, patch);
    if (!user) throw userNotFound();
    let oneTimePassword: string | null = null;
    if (patch.resetPassword) {
      oneTimePassword = generatePassword();
      await setPassword(sql, id, oneTimePassword, true);
      user.mustChangePassword = true;
    }
    // A disabled user, a new role or a reset password must not keep sessions opened under the old state.
    if (patch.disabled || (patch.role && patch.role !== before.role) || patch.resetPassword) await deleteUserSessions(sql, id);
    const changes: Record<string, unknown> = {};
    if (patch.name !== undefined && patch.name !== before.name) changes.name = { from: before.name, to: patch.name };
    if (patch.role !== undefined && patch.role !== before.role) changes.role = { from: before.role, to: patch.role };
    if (patch.disabled !== undefined && patch.disabled !== !!before.disabledAt) changes.disabled = patch.disabled;
    if (patch.resetPassword) changes.passwordReset = true;
    const action = patch.disabled === true && !before.disabledAt ? 'user.disable' : patch.disabled === false && before.disabledAt ? 'user.enable' : 'user.update';
    await audit(sql, { ...actorOf(c), action, entity: `user:${id}`, details: changes });
    return c.json({ user, oneTimePassword }, 200);
  });
}
