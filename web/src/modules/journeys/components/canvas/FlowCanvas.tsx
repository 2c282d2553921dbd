import '@xyflow/react/dist/style.css';
import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import type { DraftDefinition } from '../../flow';
import { ENTRY_NODE, toFlow } from '../../layout';
import { InsertEdge } from './InsertEdge';
import { EndNode, EntryNode, StepNode } from './Nodes';

const nodeTypes = { step: StepNode, entry: EntryNode, end: EndNode };
const edgeTypes = { insert: InsertEdge };

interface Props {
  definition: DraftDefinition;
  /** A step's id, or 'entry' for the journey's settings. */
  onSelect: (id: string | null) => void;
  /** A side panel is open beside the canvas. */
  narrow: boolean;
}

/** Re-fits the view when steps come or go, or the side panel narrows the canvas, so no step is off screen. */
function FitOnChange({ count, narrow }: { count: number; narrow: boolean }) {
  const flow = useReactFlow();
  useEffect(() => {
    if (count === 0 || narrow === undefined) return;
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.15, maxZoom: 1 }));
    return () => cancelAnimationFrame(frame);
  }, [count, narrow, flow]);
  return null;
}

/** The journey as a flow chart laid out top to bottom; nodes are placed by the layout, not dragged. */
export function FlowCanvas({ definition, onSelect, narrow }: Props) {
  const { nodes, edges } = useMemo(() => toFlow(definition), [definition]);
  const marked = useMemo(
    () => edges.map((e) => ({ ...e, markerEnd: { type: MarkerType.ArrowClosed, color: '#8c8c8c' } })),
    [edges],
  );
  return (
    <div style={{ height: 640, border: '1px solid #f0f0f0', borderRadius: 8 }} data-testid="journey-canvas">
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={marked}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          edgesFocusable={false}
          onNodeClick={(_, node) => {
            if (node.type === 'step') onSelect(node.id);
            else if (node.id === ENTRY_NODE) onSelect(ENTRY_NODE);
          }}
          onPaneClick={() => onSelect(null)}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
          minZoom={0.2}
        >
          <FitOnChange count={nodes.length} narrow={narrow} />
          <Background gap={16} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
