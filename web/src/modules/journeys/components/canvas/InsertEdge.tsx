import { PlusOutlined } from '@ant-design/icons';
import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { Button, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FlowEdgeData } from '../../layout';
import { useEditor } from './EditorContext';
import { KindMenu } from './kindIcons';

const LABEL_COLORS = { yes: 'green', no: 'red', timeoutNext: 'orange', next: undefined } as const;

/** An edge with its path's label (yes / no / timeout) and, for editors, a "+" that inserts a step on it. */
export function InsertEdge(props: EdgeProps<Edge<FlowEdgeData>>) {
  const { t } = useTranslation();
  const editor = useEditor();
  const data = props.data!;
  const path = data.bends
    ? [
        `M ${props.sourceX},${props.sourceY}`,
        ...data.bends.map((p) => `L ${p.x},${p.y}`),
        `L ${props.targetX},${props.targetY}`,
      ].join(' ')
    : getSmoothStepPath({ ...props, borderRadius: 8 })[0];
  // Label and "+" just below where the path leaves its step: a long path's middle may lie behind another node.
  const labelX = props.sourceX;
  const labelY = props.sourceY + 26;
  const label = data.handle === 'next' ? null : t(`journeys.edge.${data.handle}`);
  const testid = `add-on-${data.from ?? 'entry'}-${data.handle}`;
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} style={{ stroke: '#8c8c8c' }} />
      <EdgeLabelRenderer>
        <div
          className="nodrag nopan"
          style={{
            position: 'absolute',
            transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`,
            pointerEvents: 'all',
            display: 'flex',
            alignItems: 'center',
            gap: 4,
          }}
        >
          {label ? (
            <Tag color={LABEL_COLORS[data.handle]} style={{ margin: 0 }}>
              {label}
            </Tag>
          ) : null}
          {editor.canEdit ? (
            <KindMenu onPick={(kind) => editor.insert({ from: data.from, handle: data.handle }, kind)}>
              <Button
                size="small"
                shape="circle"
                icon={<PlusOutlined />}
                aria-label={t('journeys.addStep')}
                data-testid={testid}
              />
            </KindMenu>
          ) : null}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
