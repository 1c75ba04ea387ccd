import type { StoredMessage } from './stored-message.mapper';

/** A FIFO with cheap removal at the head and cheap return to the head (requeue). */
export class MessageDeque {
  private items: StoredMessage[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  peek(): StoredMessage | undefined {
    return this.items[this.head];
  }

  push(message: StoredMessage): void {
    this.items.push(message);
  }

  /** Puts a message back in front of all others. */
  unshift(message: StoredMessage): void {
    if (this.head > 0) this.items[--this.head] = message;
    else this.items.unshift(message);
  }

  shift(): StoredMessage | undefined {
    if (this.head >= this.items.length) return undefined;
    const message = this.items[this.head];
    this.items[this.head++] = undefined as unknown as StoredMessage;
    // Reclaim the consumed prefix once it is most of the array.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return message;
  }

  clear(): number {
    const count = this.length;
    this.items = [];
    this.head = 0;
    return count;
  }
}
