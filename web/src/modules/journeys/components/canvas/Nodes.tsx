import { FlagOutlined, LoginOutlined } from '@ant-design/icons';
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { outgoing } from '../../flow';
import type { StepNodeData } from '../../layout';
import { stepSummary, stepTitle } from '../../summary';
import { useEditor } from './EditorContext';
import { KIND_COLORS, KIND_ICONS } from './kindIcons';

const hidden = { opacity: 0, pointerEvents: 'none' } as const;

export function StepNode({ data }: NodeProps) {
  const { step, handleX } = data as StepNodeData;
  const { t } = useTranslation();
  const editor = useEditor();
  const issues = editor.issues[step.id];
  const stats = editor.stats?.get(step.id);
  const selected = editor.selected === step.id;
  const color = KIND_COLORS[step.kind];
  const paths = outgoing(step);
  const messages = issues ? Object.values(issues).flat() : [];
  return (
    <div
      data-testid={`step-node-${step.id}`}
      data-invalid={messages.length ? 'true' : undefined}
      style={{
        width: 240,
        height: 92,
        boxSizing: 'border-box',
        background: '#fff',
        border: `${selected ? 2 : 1}px solid ${messages.length ? '#ff4d4f' : selected ? color : '#d9d9d9'}`,
        borderLeft: `4px solid ${messages.length ? '#ff4d4f' : color}`,
        borderRadius: 8,
        padding: '8px 10px',
        cursor: 'pointer',
        boxShadow: selected ? '0 2px 8px rgba(0,0,0,0.15)' : undefined,
      }}
    >
      <Handle type="target" position={Position.Top} style={hidden} />
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, fontWeight: 600 }}>
        <span style={{ color }}>{KIND_ICONS[step.kind]}</span>
        <Typography.Text ellipsis style={{ flex: 1 }}>
          {stepTitle(t, step)}
        </Typography.Text>
      </div>
      <Typography.Paragraph
        type="secondary"
        ellipsis={{ rows: messages.length || stats ? 1 : 2 }}
        style={{ fontSize: 12, margin: '4px 0 0' }}
      >
        {stepSummary(t, step, editor)}
      </Typography.Paragraph>
      {stats && !messages.length ? (
        <Tooltip title={t('journeys.node.countsHint')}>
          <span style={{ fontSize: 12, color: '#595959' }} data-testid={`step-counts-${step.id}`}>
            {t('journeys.node.counts', { current: stats.current, passed: stats.passed })}
          </span>
        </Tooltip>
      ) : null}
      {messages.length ? (
        <Typography.Text
          type="danger"
          ellipsis
          style={{ fontSize: 12, display: 'block' }}
          data-testid="step-node-error"
        >
          {messages[0]}
        </Typography.Text>
      ) : null}
      {paths.map((p) => (
        <Handle
          key={p.handle}
          id={p.handle}
          type="source"
          position={Position.Bottom}
          // The layout says where (handleX); a lone path leaves from the bottom centre.
          style={{ ...hidden, left: handleX?.[p.handle] ?? '50%' }}
        />
      ))}
    </div>
  );
}

export function EntryNode() {
  const { t } = useTranslation();
  const { entryLabel, selected } = useEditor();
  return (
    <div
      data-testid="entry-node"
      style={{
        width: 200,
        height: 48,
        boxSizing: 'border-box',
        borderRadius: 24,
        border: `${selected === 'entry' ? 2 : 1}px solid #1677ff`,
        background: '#e6f4ff',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 6,
        cursor: 'pointer',
        fontSize: 13,
      }}
    >
      <LoginOutlined />
      <Typography.Text ellipsis style={{ maxWidth: 160 }} title={entryLabel}>
        {t('journeys.node.entry')}: {entryLabel}
      </Typography.Text>
      <Handle type="source" position={Position.Bottom} style={hidden} />
    </div>
  );
}

export function EndNode() {
  const { t } = useTranslation();
  return (
    <div
      style={{
        width: 96,
        height: 32,
        boxSizing: 'border-box',
        borderRadius: 16,
        border: '1px dashed #bfbfbf',
        color: '#8c8c8c',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 4,
        fontSize: 12,
        background: '#fafafa',
      }}
    >
      <Handle type="target" position={Position.Top} style={hidden} />
      <FlagOutlined /> {t('journeys.node.end')}
    </div>
  );
}
