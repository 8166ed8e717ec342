package io.datalayer.synth;

import java.util.List;
import software.amazon.jsii.JsiiEngine;
import software.amazon.jsii.JsiiModule;

/**
 * Starts the jsii kernel (the Node process every construct call goes to) and loads the JavaScript
 * assemblies on a background thread, as the first thing a synth process does. The kernel's start
 * and the assemblies take about 0.35 s of Node's time, during which the Java side reads the
 * settings, prepares the folders and builds each environment's configuration (no jsii involved):
 * started at once, the two overlap on the machine's two cores instead of running one after the other.
 *
 * <p>jsii's engine is a singleton created without synchronization: {@link #await} must return
 * before the caller makes its first jsii object. A start that failed is reported there, by
 * rethrowing what jsii threw, so a missing or broken Node fails the same way as without this class.
 */
public final class KernelStart {
    private final Thread thread;
    private volatile RuntimeException failure;
    private volatile Error error;

    private KernelStart(List<Class<? extends JsiiModule>> modules) {
        this.thread = new Thread(() -> {
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
        thread.setDaemon(true); // never keeps the process alive
    }

    /** Starts the kernel and loads {@code modules} (each a jsii {@code $Module} class) in the background. */
    public static KernelStart inBackground(List<Class<? extends JsiiModule>> modules) {
        KernelStart start = new KernelStart(List.copyOf(modules));
        start.thread.start();
        return start;
    }

    /**
     * Waits until the kernel has started and the assemblies are loaded; afterwards jsii may be used
     * from the calling thread.
     *
     * @throws RuntimeException what jsii threw when the start failed (e.g. Node cannot be started)
     */
    public void await() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
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
}
