package io.omnitouch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** Samples the JVM heap in the background; reports the peak heap and the process's peak RSS. */
public final class PeakMemory implements AutoCloseable {
  private static final long SAMPLE_MILLIS = 100;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread sampler;
  private volatile long peakHeap;
  private volatile boolean running = true;

  public PeakMemory() {
    sampler =
        new Thread(
            () -> {
              while (running) {
                peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                try {
                  Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "peak-memory");
    sampler.setDaemon(true);
    sampler.start();
  }

  public long peakHeapBytes() {
    return peakHeap;
  }

  /** The process's peak resident set (VmHWM), or -1 where /proc is not there. */
  public static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
