import { benchConnections, cannon } from './api-service';
import { type ApiBenchContext, medicalKey } from './api-context';
import { type Figure, figure } from './figure';

/** `api.eligibility` and its p99: checks by numbers for the population's persons, on three dates. */
export async function eligibilityFigures({
  api,
  ceiling,
  seconds,
  persons,
  questions,
}: ApiBenchContext): Promise<Figure[]> {
  let next = 0;
  const dates = ['2026-11-01', '2025-06-01', '2023-04-01'];
  const body = () => {
    const question = questions[next % questions.length]!;
    const confirmationDate = dates[next % dates.length];
    next += 1;
    return JSON.stringify({ medicalInstitutionCode: '0110113719', confirmationDate, method: 'numbers', ...question });
  };
  const measured = await cannon({
    url: api.url,
    duration: seconds,
    headers: { authorization: `Bearer ${medicalKey}`, 'content-type': 'application/json' },
    requests: [
      { method: 'POST', path: '/v1/eligibility-checks', setupRequest: (request) => ({ ...request, body: body() }) },
    ],
  });
  const params = {
    persons,
    connections: benchConnections,
    durationSeconds: seconds,
    warmupSeconds: measured.warmupSeconds,
    non2xx: measured.non2xx,
    errors: measured.errors,
    target: '>= 10000 checks/s, p99 <= 10 ms',
  };
  return [
    figure('api.eligibility', measured.perSecond, 'checks/s', ceiling.perSecond, params),
    figure('api.eligibility.p99', measured.p99Ms, 'ms', ceiling.p99Ms, params),
  ];
}
