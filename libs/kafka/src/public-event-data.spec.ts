import { publicEventData } from './public-event-data';

const sealed = { v: 1, alg: 'AES-256-GCM', iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' };

describe('Personal data on Kafka (DOMAIN.md: Personal data)', () => {
  it('PolicyEnrolled loses the insured’s and every payer’s sealed identity; personRef and payerRef stay', () => {
    const data = {
      planId: 'ganzhou-2024',
      personRef: 'p1',
      insured: {
        idKind: 'mainland_resident_id',
        birthYear: 1980,
        sex: 'male',
        sealedIdentity: sealed,
      },
      premiumFen: 10000,
      contributions: [
        {
          contributionId: 'c1',
          source: 'personal_account',
          amountFen: 10000,
          status: 'paid',
          payerRef: 'p2',
          payerSealedIdentity: sealed,
        },
      ],
      occurredAt: '2023-12-20T02:00:00.000Z',
    };
    const published = publicEventData('PolicyEnrolled', data);
    expect(JSON.stringify(published)).not.toMatch(/sealed|Y3Q=/i);
    expect(published).toEqual({
      planId: 'ganzhou-2024',
      personRef: 'p1',
      insured: { idKind: 'mainland_resident_id', birthYear: 1980, sex: 'male' },
      premiumFen: 10000,
      contributions: [
        {
          contributionId: 'c1',
          source: 'personal_account',
          amountFen: 10000,
          status: 'paid',
          payerRef: 'p2',
        },
      ],
      occurredAt: '2023-12-20T02:00:00.000Z',
    });
    expect(data.insured.sealedIdentity).toBe(sealed);
  });

  it('any other identity key is removed at any depth, whatever the event type', () => {
    const published = publicEventData('SomethingNew', {
      personRef: 'p1',
      holder: {
        idNumber: '36073019800506011X',
        phone: '13800000000',
        nested: [{ birthDate: '1980-05-06' }],
      },
      anotherSealedEnvelope: sealed,
    });
    expect(published).toEqual({ personRef: 'p1', holder: { nested: [{}] } });
  });

  it('claim events carry their identifiers and money only, never the medical facts', () => {
    const published = publicEventData('ClaimAdjudicated', {
      planId: 'p',
      personRef: 'r',
      claimId: 'c1',
      enrollmentId: 'e1',
      claim: {
        hospital: '赣州市人民医院',
        serviceDate: '2024-03-01',
        preExisting: true,
        lines: [],
      },
      engineLines: [
        { responsibilityCode: 'R1', residualFen: 100, preExisting: true, outOfArea: false },
      ],
      accumulatorsBefore: {},
      payoutFen: 500,
      occurredAt: '2024-03-05T00:00:00.000Z',
    });
    expect(published).toEqual({
      planId: 'p',
      personRef: 'r',
      claimId: 'c1',
      enrollmentId: 'e1',
      payoutFen: 500,
      occurredAt: '2024-03-05T00:00:00.000Z',
    });
    const approved = publicEventData('PayoutApproved', {
      planId: 'p',
      personRef: 'r',
      claimId: 'c1',
      serviceDate: '2024-03-01',
      payoutFen: 500,
      byResponsibility: [{ responsibilityCode: 'R1', payoutFen: 500 }],
      coalition: { effectiveAt: '2023-01-01T00:00:00.000Z', leadInsurerId: 'a' },
      parts: [{ insurerId: 'a', name: { zh: '甲', en: 'A' }, shareBp: 10000, amountFen: 500 }],
      occurredAt: '2024-03-06T00:00:00.000Z',
    });
    expect(approved).not.toHaveProperty('serviceDate');
    expect(approved.parts).toEqual([
      { insurerId: 'a', name: { zh: '甲', en: 'A' }, shareBp: 10000, amountFen: 500 },
    ]);
  });

  it('a claim event type not listed yet travels with its identifiers only', () => {
    expect(
      publicEventData('ClaimSubmitted', {
        planId: 'p',
        personRef: 'r',
        claimId: 'c2',
        hospital: '某医院',
        diagnosis: 'X',
        occurredAt: '2024-03-01T00:00:00.000Z',
      }),
    ).toEqual({
      planId: 'p',
      personRef: 'r',
      claimId: 'c2',
      occurredAt: '2024-03-01T00:00:00.000Z',
    });
  });
});
