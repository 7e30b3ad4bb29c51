import { recordAudit } from '../audit/record-audit.js';
import { spokenLanguages, teamMembers, type SpokenLanguage, type TeamMember } from '../identity/team-members.js';
import { actorScopes } from '../platform/access/actor-access.js';
import type { Context } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';

export interface TeamEntry extends TeamMember {
  readonly languages: readonly SpokenLanguage[];
}

/** The actor's team (competences.view_team) with the languages each speaks; the view is audited. */
export async function listTeam(ctx: Context): Promise<TeamEntry[]> {
  return withTenant(ctx.pool, ctx.authorityId, async (tx) => {
    const team = await teamMembers(tx, actorScopes(ctx.actor, 'competences.view_team'));
    const languages = await spokenLanguages(
      tx,
      team.map((m) => m.id),
    );
    await recordAudit(tx, ctx.authorityId, ctx.actor, {
      action: 'competences.team_viewed',
      details: { members: team.length },
    });
    return team.map((m) => ({ ...m, languages: languages.filter((l) => l.userId === m.id) }));
  });
}
