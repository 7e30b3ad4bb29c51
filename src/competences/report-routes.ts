import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StaffDenied } from '../identity/guard.js';
import { languageName } from '../platform/i18n/language-names.js';
import type { AppDeps } from '../platform/app-deps.js';
import { sendPage } from '../platform/http/render.js';
import { sendCsv, toCsv } from '../platform/reports/csv.js';
import { type StaffHttpDeps, staffPage } from '../platform/staff/staff-http.js';
import { saveCourse } from './edit-course.js';
import { readLanguageCoverage } from './read-language-coverage.js';
import { readTrainingPlan } from './read-training-plan.js';
import { ctxOf } from './routes.js';
import { LanguagesReportPage, locationLabel, suggestionKey } from './views/LanguagesReportPage.js';
import { TrainingsPage, type CourseForm } from './views/TrainingsPage.js';

const Field = Type.Optional(Type.String({ maxLength: 300 }));
const CourseBody = Type.Object({ _csrf: Field, nameDe: Field, nameEn: Field, refreshMonths: Field });
const CourseParams = Type.Object({ id: Type.String({ maxLength: 60 }) });
const SavedQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) });

/** Training planning (/staff/trainings) and language coverage (/staff/reports/languages), each with its CSV. */
export async function competenceReportRoutes(app: FastifyInstance, deps: AppDeps, http: StaffHttpDeps): Promise<void> {
  const renderTrainings = async (request: FastifyRequest, reply: FastifyReply, form?: CourseForm) => {
    const page = await staffPage(request, http);
    const plan = await readTrainingPlan({ locale: page.t.locale }, ctxOf(deps, request));
    const saved = (request.query as { saved?: string } | undefined)?.saved === '1';
    return sendPage(reply, TrainingsPage({ page, plan, form, saved }), form ? 400 : 200);
  };

  app.get<{ Querystring: Static<typeof SavedQuery> }>(
    '/staff/trainings',
    { config: { staff: 'competences.view_team' }, schema: { querystring: SavedQuery, hide: true } },
    (request, reply) => renderTrainings(request, reply),
  );

  app.get(
    '/staff/trainings.csv',
    { config: { staff: 'competences.view_team' }, schema: { hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const { t } = page;
      const plan = await readTrainingPlan({ locale: t.locale }, ctxOf(deps, request));
      const name = (id: string) => plan.team.find((m) => m.id === id)?.displayName ?? id;
      const course = (id: string) => plan.courses.find((c) => c.id === id)?.name ?? id;
      const rows = [
        ...plan.due.map((d) => [
          t.t('competences.csv.due'),
          name(d.userId),
          course(d.courseId),
          d.state === 'never' ? t.t('competences.state.never') : d.dueOn,
          null,
        ]),
        ...plan.shares.map((s) => [
          t.t('competences.csv.share'),
          null,
          course(s.courseId),
          `${s.trained}/${s.members}`,
          s.share * 100,
        ]),
        ...plan.quarters.flatMap((q) =>
          q.plans.map((p) => [t.t('competences.csv.planned'), name(p.userId), course(p.courseId), p.plannedOn, null]),
        ),
      ];
      const header = [
        'competences.csv.kind',
        'competences.col.member',
        'competences.col.course',
        'competences.csv.value',
        'competences.csv.percent',
      ] as const;
      return sendCsv(
        reply,
        'fortbildungen.csv',
        toCsv(
          header.map((k) => t.t(k)),
          rows,
          t.locale,
        ),
      );
    },
  );

  // Adding a course (no id) and changing one share the form, its checks and its answer.
  const saveCourseFrom = async (request: FastifyRequest, reply: FastifyReply, id: string | null) => {
    const body = request.body as Static<typeof CourseBody>;
    const input = { nameDe: body.nameDe ?? '', nameEn: body.nameEn ?? '', refreshMonths: body.refreshMonths ?? '' };
    const result = await saveCourse({ id, input }, ctxOf(deps, request));
    if (result === 'refused' || result === 'notFound') throw new StaffDenied('forbidden');
    if (result.length > 0) return renderTrainings(request, reply, { id, input, errors: result });
    return reply.redirect('/staff/trainings?saved=1', 303);
  };
  app.post(
    '/staff/trainings/courses',
    { config: { staff: 'trainings.manage' }, schema: { body: CourseBody, hide: true } },
    (request, reply) => saveCourseFrom(request, reply, null),
  );
  app.post<{ Params: Static<typeof CourseParams> }>(
    '/staff/trainings/courses/:id',
    { config: { staff: 'trainings.manage' }, schema: { params: CourseParams, body: CourseBody, hide: true } },
    (request, reply) => saveCourseFrom(request, reply, request.params.id),
  );

  app.get(
    '/staff/reports/languages',
    { config: { staff: 'reports.view' }, schema: { hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const report = await readLanguageCoverage({}, ctxOf(deps, request));
      return sendPage(reply, LanguagesReportPage({ page, report }));
    },
  );

  app.get(
    '/staff/reports/languages.csv',
    { config: { staff: 'reports.view' }, schema: { hide: true } },
    async (request, reply) => {
      const page = await staffPage(request, http);
      const { t } = page;
      const report = await readLanguageCoverage({}, ctxOf(deps, request));
      const rows = report.cells.flatMap((cell) =>
        cell.languages.map((l) => [
          locationLabel(page, report, cell.locationId),
          t.weekday(cell.weekday),
          languageName(l.language, t.locale),
          l.count,
          l.share * 100,
          l.speakers,
          l.interpreters,
          l.gap ? t.t('competences.csv.yes') : t.t('competences.csv.no'),
          l.suggestion ? t.t(suggestionKey(l.suggestion)) : null,
        ]),
      );
      const header = [
        'competences.col.location',
        'competences.col.weekday',
        'competences.col.language',
        'competences.col.requests',
        'competences.col.share',
        'competences.col.speakers',
        'competences.col.interpreters',
        'competences.col.gap',
        'competences.col.suggestion',
      ] as const;
      return sendCsv(
        reply,
        'sprachabdeckung.csv',
        toCsv(
          header.map((k) => t.t(k)),
          rows,
          t.locale,
        ),
      );
    },
  );
}
