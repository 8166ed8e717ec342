package io.datalayer.publish;

import io.datalayer.output.SynthOutput;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A publish in a process of its own, for the kill -9 tests: publishes the synth files of
 * {@code args[0]} to {@code args[1]}; at step {@code args[2]} (or never, with {@code none}) it prints
 * {@code AT <step>} and waits to be killed. {@code args[3]} is {@code exchange} or {@code renames}
 * (the fallback).
 */
public final class PublishProcess {
    private PublishProcess() {
    }

    public static void main(String[] args) throws Exception {
        SynthOutput output = SynthOutput.read(Path.of(args[0]));
        String stopAt = args[2];
        Publisher.publish(output, Path.of(args[1]), Duration.ofSeconds(30), step -> {
            if (step.name().equals(stopAt)) {
                System.out.println("AT " + step);
                System.out.flush();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, args[3].equals("exchange"));
        System.out.println("DONE");
    }
}
