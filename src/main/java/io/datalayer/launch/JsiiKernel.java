package io.datalayer.launch;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import software.amazon.jsii.JsiiEngine;
import software.amazon.jsii.JsiiModule;

/**
 * The jsii kernel (the Node process every construct call goes to) started and stopped off the
 * synth's critical path, for {@link io.datalayer.app.Main}:
 *
 * <ul>
 *   <li>{@link #startInBackground} starts it and loads the JavaScript assemblies on a background
 *       thread as the first thing the process does. That takes about 0.35 s of Node's time, during
 *       which the Java side reads the settings, prepares the folders and builds each environment's
 *       configuration (no jsii involved): the two overlap on the machine's two cores instead of
 *       running one after the other. jsii's engine is a singleton created without synchronization,
 *       so {@link #awaitStarted} must return before the caller makes its first jsii object; a start
 *       that failed is reported there, by rethrowing what jsii threw, so a missing or broken Node
 *       fails the same way as without this class.</li>
 *   <li>{@link #stopInBackground} ends it once the last chart is synthesized, with jsii's own
 *       shutdown (the exit message, then waiting for Node to clean its temporary folder and exit),
 *       on a background thread while the Java side checks and publishes the output; otherwise that
 *       shutdown runs at the process's exit, after the publish. jsii offers no public call for it,
 *       so this one reaches its runtime by reflection; if that fails (another jsii version), nothing
 *       changes: the shutdown hook jsii registered still runs at exit. It also wakes jsii's relay of
 *       the kernel's standard error once Node has exited and nothing is left to relay (see
 *       {@code sinkWaker}), which the stop otherwise waited up to 100 ms for.</li>
 * </ul>
 */
public final class JsiiKernel {
    private final Thread start;
    private volatile RuntimeException failure;
    private volatile Error error;

    private JsiiKernel(List<Class<? extends JsiiModule>> modules) {
        this.start = new Thread(() -> {
            try {
                JsiiEngine engine = JsiiEngine.getInstance();
                engine.getClient();
                Timing.mark("jsii kernel started");
                for (Class<? extends JsiiModule> module : modules) {
                    engine.loadModule(module); // its dependencies first, as jsii loads them on first use
                }
                Timing.mark("assemblies loaded");
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                error = e;
            }
        }, "jsii kernel start");
        start.setDaemon(true); // never keeps the process alive
    }

    /** Starts the kernel and loads {@code modules} (each a jsii {@code $Module} class) in the background. */
    public static JsiiKernel startInBackground(List<Class<? extends JsiiModule>> modules) {
        JsiiKernel kernel = new JsiiKernel(List.copyOf(modules));
        kernel.start.start();
        return kernel;
    }

    /**
     * Waits until the kernel has started and the assemblies are loaded; afterwards jsii may be used
     * from the calling thread.
     *
     * @throws RuntimeException what jsii threw when the start failed (e.g. Node cannot be started)
     */
    public void awaitStarted() {
        awaitStarted(() -> { });
    }

    /**
     * As {@link #awaitStarted()}, first running {@code meanwhile} on the calling thread when the
     * start is still running: work that would otherwise take the thread's time later, done while it
     * has nothing else to do. {@code meanwhile} must not use jsii and must not throw.
     */
    public void awaitStarted(Runnable meanwhile) {
        if (start.isAlive()) {
            meanwhile.run();
        }
        boolean interrupted = false;
        while (start.isAlive()) {
            try {
                start.join();
            } catch (InterruptedException e) {
                interrupted = true; // the engine must not be shared while the start runs: wait on
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (error != null) {
            throw error;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Shuts the kernel down on a background thread; no jsii object may be used afterwards. Waits for
     * the start first, so it never races the engine's creation.
     */
    public void stopInBackground() {
        try {
            awaitStarted();
        } catch (RuntimeException | Error e) {
            return; // nothing started, nothing to stop
        }
        Runnable terminate;
        Runnable wakeSink;
        try {
            Object runtime = field(JsiiEngine.class, "runtime").get(JsiiEngine.getInstance());
            Method method = runtime.getClass().getDeclaredMethod("terminate");
            method.setAccessible(true);
            terminate = () -> {
                try {
                    method.invoke(runtime);
                    Timing.mark("jsii kernel stopped");
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // jsii's shutdown hook still ends the kernel at exit
                }
            };
            wakeSink = sinkWaker((Process) field(runtime.getClass(), "childProcess").get(runtime),
                    (Thread) field(runtime.getClass(), "errorStreamSink").get(runtime));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return; // another jsii: its shutdown hook ends the kernel at exit
        }
        daemon(terminate, "jsii kernel stop"); // at exit, jsii's shutdown hook waits for it (terminate is synchronized)
        daemon(wakeSink, "jsii kernel stderr");
    }

    /**
     * jsii's terminate ends by joining the thread that relays the kernel's standard error, which
     * polls it every 100 ms (a sleep between reads): the stop waited 0-100 ms for nothing but that
     * sleep, and when it ended after the publish the process's exit waited for it (7 of 12 runs,
     * 7-41 ms, measured). Once Node has exited (nothing more can be written) and the pipe is empty
     * (the relay has read everything, and prints each line as its newline arrives), waking the relay
     * loses nothing but a last line without a newline, which the kernel does not write.
     */
    private static Runnable sinkWaker(Process kernel, Thread relay) {
        return () -> {
            try {
                kernel.onExit().get();
                InputStream stderr = kernel.getErrorStream();
                while (stderr.available() > 0) {
                    Thread.sleep(1); // the relay's next read, at most 100 ms away
                }
                relay.interrupt();
            } catch (java.io.IOException | java.util.concurrent.ExecutionException e) {
                // leave the relay to its own pace
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static void daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
