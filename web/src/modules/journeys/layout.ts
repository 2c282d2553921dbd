import dagre from '@dagrejs/dagre';
import type { Edge, Node } from '@xyflow/react';
import { type DraftDefinition, type DraftStep, type Handle, outgoing } from './flow';

export const ENTRY_NODE = 'entry';
/** Sizes the layout reserves; the node components draw within them. */
const SIZE = {
  step: { width: 240, height: 92 },
  entry: { width: 200, height: 48 },
  end: { width: 96, height: 32 },
} as const;

export interface StepNodeData extends Record<string, unknown> {
  step: DraftStep;
  /** Where each path leaves the node's bottom edge (a branch's yes / no, a wait's timeout), set by the layout. */
  handleX?: Partial<Record<Handle, string>>;
}
export interface EndNodeData extends Record<string, unknown> {
  from: string;
  handle: Handle;
}
export interface FlowEdgeData extends Record<string, unknown> {
  from: string | null;
  handle: Handle;
  /** The layout's bends for a path that skips ranks (routed around the nodes between); absent otherwise. */
  bends?: { x: number; y: number }[];
}

/** The end of a path left open (a null `next`): a small node, so the edge into it has its "+" too. */
const endId = (from: string, handle: Handle) => `end:${from}:${handle}`;

/**
 * The definition as nodes and edges, laid out top to bottom by dagre: an entry node, a node per step,
 * an end node per open path; an edge per reference, labelled for branch (yes/no) and timeout paths.
 */
export function toFlow(definition: DraftDefinition): { nodes: Node[]; edges: Edge<FlowEdgeData>[] } {
  const nodes: Node[] = [{ id: ENTRY_NODE, type: 'entry', position: { x: 0, y: 0 }, data: {} }];
  const edges: Edge<FlowEdgeData>[] = [];
  const ids = new Set(definition.steps.map((s) => s.id));
  const edge = (from: string | null, handle: Handle, target: string): Edge<FlowEdgeData> => ({
    id: `${from ?? ENTRY_NODE}:${handle}`,
    source: from ?? ENTRY_NODE,
    sourceHandle: from === null ? undefined : handle,
    target,
    type: 'insert',
    data: { from, handle },
  });

  if (ids.has(definition.start)) edges.push(edge(null, 'next', definition.start));
  for (const step of definition.steps) {
    nodes.push({ id: step.id, type: 'step', position: { x: 0, y: 0 }, data: { step } satisfies StepNodeData });
    for (const { handle, target } of outgoing(step)) {
      if (target && ids.has(target)) {
        edges.push(edge(step.id, handle, target));
        continue;
      }
      const end = endId(step.id, handle);
      nodes.push({ id: end, type: 'end', position: { x: 0, y: 0 }, data: { from: step.id, handle } });
      edges.push(edge(step.id, handle, end));
    }
  }
  const laid = layOut(nodes, edges);
  return { nodes: spreadHandles(laid.nodes, laid.edges), edges: laid.edges };
}

function layOut(nodes: Node[], edges: Edge<FlowEdgeData>[]) {
  // A multigraph: a branch's yes and no (or a wait's next and timeout) may lead to the same step.
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 64 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { ...SIZE[node.type as keyof typeof SIZE] });
  for (const e of edges) graph.setEdge(e.source, e.target, {}, e.id);
  dagre.layout(graph);
  const placed = nodes.map((node) => {
    const { x, y, width, height } = graph.node(node.id);
    // dagre gives centres; the canvas places nodes by their top-left corner.
    return { ...node, position: { x: x - width / 2, y: y - height / 2 }, width, height };
  });
  const routed = edges.map((e) => {
    const points = graph.edge({ v: e.source, w: e.target, name: e.id })?.points ?? [];
    // Three points (start, middle, end) make a path to the next rank, which a smooth step draws well.
    return points.length > 3 ? { ...e, data: { ...e.data!, bends: points.slice(1, -1) } } : e;
  });
  return { nodes: placed, edges: routed };
}

/**
 * A step with two paths gets two exits on its bottom edge, ordered as the layout placed their targets,
 * left to right: the paths never cross under the node, and each one's label sits clear of the other's.
 */
function spreadHandles(nodes: Node[], edges: Edge<FlowEdgeData>[]): Node[] {
  const x = new Map(nodes.map((n) => [n.id, n.position.x + (n.width ?? 0) / 2]));
  return nodes.map((node) => {
    const out = node.type === 'step' ? edges.filter((e) => e.source === node.id) : [];
    if (out.length < 2) return node;
    const ordered = [...out].sort((a, b) => x.get(a.target)! - x.get(b.target)! || a.id.localeCompare(b.id));
    const handleX = Object.fromEntries(ordered.map((e, i) => [e.data!.handle, i === 0 ? '25%' : '75%']));
    return { ...node, data: { ...node.data, handleX } };
  });
}
