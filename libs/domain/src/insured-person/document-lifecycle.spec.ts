import { foldEvents } from './decide';
import { event } from './events';
import {
  acquired,
  certificateIssued,
  documentId,
  given,
  legacyCardIssued,
  on,
  registered,
  restrictionFiled,
} from './person.test-kit';

const certificate = documentId('certificate-1');
const unknown = documentId('nope');
/** A certificate, and a card registered since, which the insurer revokes it for (R27). */
const withCertificate = [acquired(), certificateIssued(), registered(on('2025-08-15'))];
const revoked = event('DocumentRevoked', {
  documentId: certificate,
  revokedOn: on('2025-09-01'),
  reason: 'card-working',
});

describe('document lifecycle', () => {
  it('records delivery, loss, return and revocation of a live document', () => {
    const delivered = { documentId: certificate, deliveredOn: on('2025-08-03') };
    given(withCertificate)
      .when({ type: 'DeliverDocument', data: delivered })
      .then([event('DocumentDelivered', delivered)]);
    const lost = { documentId: certificate, reportedOn: on('2025-08-20') };
    given(withCertificate)
      .when({ type: 'ReportDocumentLost', data: lost })
      .then([event('DocumentReportedLost', lost)]);
    const returned = { documentId: certificate, returnedOn: on('2025-09-05') };
    given(withCertificate)
      .when({ type: 'ReturnDocument', data: returned })
      .then([event('DocumentReturned', returned)]);
    given(withCertificate).when({ type: 'RevokeDocument', data: revoked.data }).then([revoked]);
  });

  it('a revoked document is still returned, but not twice', () => {
    const returned = event('DocumentReturned', { documentId: certificate, returnedOn: on('2025-09-05') });
    given([...withCertificate, revoked])
      .when({ type: 'ReturnDocument', data: returned.data })
      .then([returned]);
    given([...withCertificate, revoked, returned])
      .when({ type: 'ReturnDocument', data: returned.data })
      .thenRefuses('DOCUMENT_NOT_LIVE', undefined);
    expect(foldEvents([...withCertificate, revoked, returned]).documents.get(certificate)).toMatchObject({
      returnedOn: '2025-09-05',
      end: { how: 'revoked', on: '2025-09-01', reason: 'card-working' },
    });
  });

  it('refuses a second delivery of a document', () => {
    const delivered = event('DocumentDelivered', { documentId: certificate, deliveredOn: on('2025-08-03') });
    given([...withCertificate, delivered])
      .when({ type: 'DeliverDocument', data: { documentId: certificate, deliveredOn: on('2025-08-04') } })
      .thenRefuses('DOCUMENT_ALREADY_DELIVERED', undefined);
  });

  it('refuses to deliver, revoke or report lost a document that has ended', () => {
    given([...withCertificate, revoked])
      .when({ type: 'DeliverDocument', data: { documentId: certificate, deliveredOn: on('2025-09-02') } })
      .thenRefuses('DOCUMENT_NOT_LIVE', undefined);
    given([...withCertificate, revoked])
      .when({ type: 'RevokeDocument', data: revoked.data })
      .thenRefuses('DOCUMENT_NOT_LIVE', undefined);
    given([...withCertificate, revoked])
      .when({ type: 'ReportDocumentLost', data: { documentId: certificate, reportedOn: on('2025-09-02') } })
      .thenRefuses('DOCUMENT_NOT_LIVE', undefined);
  });

  it('takes a document for live before its recorded end: a revocation or loss dated earlier ends it sooner', () => {
    const earlier = { documentId: certificate, revokedOn: on('2025-08-20'), reason: 'card-working' } as const;
    given([...withCertificate, revoked])
      .when({ type: 'RevokeDocument', data: earlier })
      .then([event('DocumentRevoked', earlier)]);
    const lost = { documentId: certificate, reportedOn: on('2025-08-20') };
    given([...withCertificate, revoked])
      .when({ type: 'ReportDocumentLost', data: lost })
      .then([event('DocumentReportedLost', lost)]);
    expect(
      foldEvents([...withCertificate, revoked, event('DocumentReportedLost', lost)]).documents.get(certificate)?.end,
    ).toEqual({ how: 'reported-lost', on: '2025-08-20' });
  });

  it('R27, R13, R33: a revocation because the card works is refused unless the card works on the day and the certificate is no longer needed', () => {
    const cardWorking = (revokedOn: string, documentId = certificate) =>
      ({ type: 'RevokeDocument', data: { documentId, revokedOn: on(revokedOn), reason: 'card-working' } }) as const;
    given(withCertificate).when(cardWorking('2025-08-10')).thenRefuses('REVOCATION_WITHOUT_GROUND', 'R27');
    given([...withCertificate, restrictionFiled(on('2025-08-20'))])
      .when(cardWorking('2025-09-01'))
      .thenRefuses('REVOCATION_WITHOUT_GROUND', 'R27');
    given([...withCertificate, legacyCardIssued()])
      .when(cardWorking('2025-09-01', documentId('card-1')))
      .thenRefuses('REVOCATION_WITHOUT_GROUND', 'R27');
  });

  it('R26: a revocation as superseded needs another document of its type, issued since, that serves by that day', () => {
    const superseded = { documentId: certificate, revokedOn: on('2025-09-01'), reason: 'superseded' } as const;
    given(withCertificate)
      .when({ type: 'RevokeDocument', data: superseded })
      .thenRefuses('REVOCATION_WITHOUT_GROUND', 'R26');
    const renewalFrom = (validFrom: string) =>
      certificateIssued({
        documentId: documentId('certificate-2'),
        issuedOn: on('2025-08-20'),
        validFrom: on(validFrom),
        validUntil: on('2026-07-31'),
      });
    given([...withCertificate, renewalFrom('2025-10-01')])
      .when({ type: 'RevokeDocument', data: superseded })
      .thenRefuses('REVOCATION_WITHOUT_GROUND', 'R26');
    given([...withCertificate, renewalFrom('2025-08-20')])
      .when({ type: 'RevokeDocument', data: superseded })
      .then([event('DocumentRevoked', superseded)]);
  });

  it('R12: a revocation because details changed needs a change of printed details, reported late or not, by that day', () => {
    const detailsChanged = { documentId: certificate, revokedOn: on('2025-09-01'), reason: 'details-changed' } as const;
    given(withCertificate)
      .when({ type: 'RevokeDocument', data: detailsChanged })
      .thenRefuses('REVOCATION_WITHOUT_GROUND', 'R12');
    const moved = (effectiveOn: string) =>
      event('QualificationDetailsChanged', { effectiveOn: on(effectiveOn), address: '蒲郡市旭町17番1号' });
    given([...withCertificate, moved('2025-09-02')])
      .when({ type: 'RevokeDocument', data: detailsChanged })
      .thenRefuses('REVOCATION_WITHOUT_GROUND', 'R12');
    for (const effectiveOn of ['2025-09-01', '2025-07-01']) {
      given([...withCertificate, moved(effectiveOn)])
        .when({ type: 'RevokeDocument', data: detailsChanged })
        .then([event('DocumentRevoked', detailsChanged)]);
    }
  });

  it('R2, R24: a revocation for a lost qualification needs the loss first; a lost document is reported, never revoked for it', () => {
    given(withCertificate)
      .when({
        type: 'RevokeDocument',
        data: { documentId: certificate, revokedOn: on('2025-09-01'), reason: 'qualification-lost' },
      })
      .thenRefuses('REVOCATION_WITHOUT_GROUND', 'R2');
    given(withCertificate)
      .when({
        type: 'RevokeDocument',
        data: { documentId: certificate, revokedOn: on('2025-09-01'), reason: 'reported-lost' },
      })
      .thenRefuses('REVOCATION_WITHOUT_GROUND', 'R24');
    const lostOn = event('QualificationLost', { lostOn: on('2025-09-01'), reason: 'moved-out' });
    const afterLoss = { documentId: certificate, revokedOn: on('2025-09-01'), reason: 'qualification-lost' } as const;
    given([acquired(), certificateIssued(), lostOn])
      .when({ type: 'RevokeDocument', data: afterLoss })
      .then([event('DocumentRevoked', afterLoss)]);
  });

  it('refuses an unknown document and a date before the issue', () => {
    given(withCertificate)
      .when({ type: 'DeliverDocument', data: { documentId: unknown, deliveredOn: on('2025-08-03') } })
      .thenRefuses('DOCUMENT_NOT_FOUND', undefined);
    given(withCertificate)
      .when({ type: 'DeliverDocument', data: { documentId: certificate, deliveredOn: on('2025-07-31') } })
      .thenRefuses('DATE_BEFORE_ISSUE', undefined);
    given(withCertificate)
      .when({ type: 'ReturnDocument', data: { documentId: certificate, returnedOn: on('2025-07-31') } })
      .thenRefuses('DATE_BEFORE_ISSUE', undefined);
  });

  it('a superseding revocation marks the document superseded; a lost report ends it as lost', () => {
    const superseded = event('DocumentRevoked', {
      documentId: certificate,
      revokedOn: on('2025-09-01'),
      reason: 'superseded',
    });
    expect(foldEvents([...withCertificate, superseded]).documents.get(certificate)?.end?.how).toBe('superseded');
    const lost = event('DocumentReportedLost', { documentId: certificate, reportedOn: on('2025-08-20') });
    expect(foldEvents([...withCertificate, lost]).documents.get(certificate)?.end).toEqual({
      how: 'reported-lost',
      on: '2025-08-20',
    });
  });

  it('ignores lifecycle events of a document it never saw (a corrupt history does not crash the fold)', () => {
    const stray = event('DocumentDelivered', { documentId: unknown, deliveredOn: on('2025-08-03') });
    expect(foldEvents([...withCertificate, stray]).documents.has(unknown)).toBe(false);
  });
});
