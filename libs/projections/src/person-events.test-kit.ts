/** An enrolment as the store holds it, for specs that append a person's events directly. */
export const enrolledEvent = {
  type: 'QualificationAcquired',
  data: {
    insurerNumber: '123455',
    number: 'N1',
    relationship: 'insured',
    acquiredOn: '2024-04-01',
    burdenRatio: 30,
    birthDate: '1980-05-10',
    name: '山田 太郎',
  },
};
