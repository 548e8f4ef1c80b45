import { describe, expect, it } from 'vitest';
import { UndoStack } from './undo';

interface Step {
  topic: string;
  n: number;
}

describe('UndoStack', () => {
  it('undoes and redoes in order', () => {
    const stack = new UndoStack<number>();
    stack.push(1);
    stack.push(2);
    expect(stack.undo()).toBe(2);
    expect(stack.undo()).toBe(1);
    expect(stack.undo()).toBeUndefined();
    expect(stack.redo()).toBe(1);
    expect(stack.redo()).toBe(2);
    expect(stack.redo()).toBeUndefined();
    expect(stack.canUndo).toBe(true);
    expect(stack.canRedo).toBe(false);
  });

  it('keeps more than 50 steps across topics and undoes every one of them', () => {
    const stack = new UndoStack<Step>(100);
    const steps: Step[] = Array.from({ length: 60 }, (_, n) => ({ topic: `t-${n % 7}`, n }));
    for (const step of steps) stack.push(step);
    expect(stack.undoSize).toBe(60);
    const undone: Step[] = [];
    for (let i = 0; i < 60; i++) undone.push(stack.undo()!);
    expect(undone).toEqual([...steps].reverse());
    expect(new Set(undone.map((s) => s.topic)).size).toBe(7);
    expect(stack.canUndo).toBe(false);
    expect(stack.redoSize).toBe(60);
    for (let i = 0; i < 60; i++) expect(stack.redo()).toBe(steps[i]);
  });

  it('clears the redo side on a new change', () => {
    const stack = new UndoStack<number>();
    stack.push(1);
    stack.push(2);
    stack.push(3);
    stack.undo();
    stack.undo();
    expect(stack.redoSize).toBe(2);
    stack.push(4);
    expect(stack.canRedo).toBe(false);
    expect(stack.redo()).toBeUndefined();
    expect(stack.undo()).toBe(4);
    expect(stack.undo()).toBe(1);
  });

  it('drops the oldest entries past its limit', () => {
    const stack = new UndoStack<number>(100);
    for (let i = 1; i <= 130; i++) stack.push(i);
    expect(stack.undoSize).toBe(100);
    let last: number | undefined;
    while (stack.canUndo) last = stack.undo();
    expect(last).toBe(31);
  });

  it('replaces the latest entry without adding a step, and peeks without moving', () => {
    const stack = new UndoStack<string>();
    stack.push('a');
    stack.push('+');
    stack.replaceTop('++');
    expect(stack.undoSize).toBe(2);
    expect(stack.peekUndo()).toBe('++');
    expect(stack.undoSize).toBe(2);
    stack.undo();
    expect(stack.peekRedo()).toBe('++');
    stack.replaceTop('b');
    expect(stack.canRedo).toBe(false);
    expect(stack.peekUndo()).toBe('b');
  });

  it('refuses a limit below one', () => {
    expect(() => new UndoStack(0)).toThrow(RangeError);
  });
});
