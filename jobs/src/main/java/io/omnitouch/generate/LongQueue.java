package io.omnitouch.generate;

/** A FIFO of unit serials (primitive longs, so millions of codes in stock stay small). */
final class LongQueue {
  private long[] items = new long[16];
  private int head;
  private int size;

  int size() {
    return size;
  }

  void add(long v) {
    if (size == items.length) {
      long[] grown = new long[items.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = items[(head + i) % items.length];
      }
      items = grown;
      head = 0;
    }
    items[(head + size) % items.length] = v;
    size++;
  }

  long poll() {
    if (size == 0) {
      throw new IllegalStateException("empty");
    }
    long v = items[head];
    head = (head + 1) % items.length;
    size--;
    return v;
  }
}
