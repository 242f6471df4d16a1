/** Admin → Audit: the org's log, newest first, filtered by user, event and time, paged; export as CSV. */
import { Button, Card, Field, Input, makeStyles, mergeClasses, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AdminAuditQuery, AdminAuditResponse } from '../../shared/admin-schemas';
import { ErrorMessageBar } from '../../ui/ErrorMessageBar';
import type { MessageId } from '../../shared/i18n/message-ids';
import { t } from '../../shared/i18n/runtime';
import { Message, useLocale } from '../../ui/i18n';
import { asError, endsSession, usePortal } from '../context';
import { auditEventLabel, clientLabel, outcomeLabel, showing, when } from './admin/labels';
import { useAdminStyles } from './admin/styles';
import { useSectionStyles } from './Security';

const pageSize = 50;

/**
 * Columns size to their content (not Fluent's equal fixed widths, where long event
 * names ran into the outcome); long values wrap at any character; below the
 * table's minimum width the table scrolls sideways inside its own box.
 */
const useTableStyles = makeStyles({
  scroller: { overflowX: 'auto', maxWidth: '100%' },
  table: { tableLayout: 'auto', minWidth: '860px' },
  cell: { verticalAlign: 'top', overflowWrap: 'anywhere', paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  nowrap: { whiteSpace: 'nowrap' },
  /** Machine data (event keys, details, addresses): left-to-right, monospace, never translated. */
  raw: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, unicodeBidi: 'isolate' },
  eventKey: { display: 'block', color: tokens.colorNeutralForeground3 },
});

/** A datetime-local value ("2026-11-28T09:30") as ISO UTC, or undefined. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export function AdminAudit() {
  const styles = useSectionStyles();
  const table = useTableStyles();
  const admin = useAdminStyles();
  const { session } = usePortal();
  const [user, setUser] = useState('');
  const [event, setEvent] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [filters, setFilters] = useState<Omit<AdminAuditQuery, 'offset' | 'limit'>>({});
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<AdminAuditResponse | null>(null);
  const [error, setError] = useState<ReturnType<typeof asError> | null>(null);
  const [status, setStatus] = useState<MessageId | null>(null);
  useLocale();

  const load = useCallback(async () => {
    setError(null);
    try {
      setResult(await session.admin.audit({ ...filters, offset, limit: pageSize }));
    } catch (e) {
      if (!endsSession(e)) setError(asError(e));
    }
  }, [session, filters, offset]);
  useEffect(() => {
    void load();
  }, [load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilters({ user: user.trim() || undefined, event: event.trim() || undefined, from: toIso(from), to: toIso(to) });
  };

  const exportCsv = async () => {
    setError(null);
    try {
      const csv = await session.admin.exportAudit(filters);
      // UTF-8 with a byte-order mark, as the server sends it (fetch's text() drops the mark): Excel keeps names intact.
      const url = URL.createObjectURL(new Blob([csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'axis-cloudsync-audit.csv';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setStatus('admin.audit.exported');
    } catch (e) {
      if (!endsSession(e)) setError(asError(e));
    }
  };

  return (
    <Card className={mergeClasses(styles.card, admin.wrap)} data-testid="page-audit">
      <Text as="h2" size={500} weight="semibold" className={styles.h2}>
        {t('admin.audit.heading')}
      </Text>
      <ErrorMessageBar error={error} />
      <form className={styles.row} onSubmit={apply} role="search">
        <Field label={t('admin.audit.userLabel')}>
          <Input value={user} onChange={(_, d) => setUser(d.value)} placeholder={t('admin.audit.userPlaceholder')} />
        </Field>
        <Field
          label={t('admin.audit.eventLabel')}
          hint={
            <Message
              id="admin.audit.eventHint"
              values={{
                example: (
                  <code dir="ltr" translate="no" className={table.raw}>
                    admin.two_factor_reset
                  </code>
                ),
                prefix: (
                  <code dir="ltr" translate="no" className={table.raw}>
                    admin.
                  </code>
                ),
              }}
            />
          }
        >
          <Input value={event} dir="ltr" onChange={(_, d) => setEvent(d.value)} />
        </Field>
        <Field label={t('admin.audit.from')}>
          <Input type="datetime-local" value={from} onChange={(_, d) => setFrom(d.value)} />
        </Field>
        <Field label={t('admin.audit.to')}>
          <Input type="datetime-local" value={to} onChange={(_, d) => setTo(d.value)} />
        </Field>
        <Button type="submit">{t('admin.audit.filter')}</Button>
        <Button type="button" onClick={exportCsv}>
          {t('admin.audit.export')}
        </Button>
      </form>
      <div role="status" aria-live="polite">
        {status ? t(status) : null}
      </div>
      {result ? (
        <>
          <div className={table.scroller} data-testid="audit-scroller">
            <Table aria-label={t('admin.audit.tableLabel')} size="small" className={table.table}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell className={table.nowrap}>{t('admin.audit.col.time')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.audit.col.event')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.audit.col.outcome')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.audit.col.user')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.audit.col.by')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.audit.col.client')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.audit.col.address')}</TableHeaderCell>
                  <TableHeaderCell>{t('admin.audit.col.details')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {result.events.map((e) => (
                  <TableRow key={e.id} data-event={e.event} data-outcome={e.outcome}>
                    <TableCell className={`${table.cell} ${table.nowrap}`}>{when(e.at)}</TableCell>
                    <TableCell className={table.cell}>
                      {auditEventLabel(e.event)}
                      <code dir="ltr" translate="no" className={mergeClasses(table.raw, table.eventKey)}>
                        {e.event}
                      </code>
                    </TableCell>
                    <TableCell className={`${table.cell} ${table.nowrap}`}>{outcomeLabel(e.outcome)}</TableCell>
                    <TableCell className={table.cell}>{e.username ? <bdi dir="ltr">{e.username}</bdi> : '—'}</TableCell>
                    <TableCell className={table.cell}>{e.actorUsername && e.actorUsername !== e.username ? <bdi dir="ltr">{e.actorUsername}</bdi> : '—'}</TableCell>
                    <TableCell className={table.cell}>{clientLabel(e.clientType)}</TableCell>
                    <TableCell className={table.cell}>{e.ip ? <bdi dir="ltr">{e.ip}</bdi> : '—'}</TableCell>
                    <TableCell className={table.cell}>
                      {Object.keys(e.detail).length ? (
                        <code dir="ltr" translate="no" className={table.raw}>
                          {Object.entries(e.detail)
                            .map(([k, v]) => `${k}: ${String(v)}`)
                            .join(', ')}
                        </code>
                      ) : (
                        '—'
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <div className={styles.row}>
            <Text>{result.total === 0 ? t('admin.audit.none') : showing(result.offset + 1, result.offset + result.events.length, result.total)}</Text>
            <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
              {t('admin.audit.newer')}
            </Button>
            <Button disabled={offset + pageSize >= result.total} onClick={() => setOffset(offset + pageSize)}>
              {t('admin.audit.older')}
            </Button>
          </div>
        </>
      ) : null}
    </Card>
  );
}
