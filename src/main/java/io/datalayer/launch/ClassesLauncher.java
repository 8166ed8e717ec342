package io.datalayer.launch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The entry point bin/app starts on JDK 25 with the AOT cache (scripts/launch-cache.sh): loads
 * {@code io.datalayer.app.Main} and every other class of the app from {@code target/classes}
 * (the folder named by the system property {@code datalayer.classes}) through a class loader of its
 * own, whose parent is the application class loader with the jars.
 * Why: the JVM puts the classes of the application class loader into an AOT cache and, once the
 * cache is accepted, takes them from the cache without looking at the class path again; a cache
 * holding the app's own classes would then synthesize with the classes of the training run after a
 * construct changed. Classes of a class loader of our own never enter the cache, so the cache holds
 * the JDK's and the jars' classes only (a jar that changes makes the JVM refuse the cache), and the
 * app's own classes always come from the folder the build just wrote. The JVM also refuses to build
 * a cache with a non-empty folder on the class path, which this avoids too.
 * This class is run from {@code target/launch/launcher.jar}, a jar of this one class; nothing else
 * refers to it (the copy in target/classes is never loaded, so the package split across the two
 * loaders has no package-private access to break).
 */
public final class ClassesLauncher {
    private ClassesLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        String classes = System.getProperty("datalayer.classes");
        if (classes == null || classes.isEmpty()) {
            throw new IllegalStateException("ClassesLauncher: set -Ddatalayer.classes to the app's compiled classes folder");
        }
        URL folder = Path.of(classes).toUri().toURL();
        ClassLoader app = new URLClassLoader("datalayer-classes", new URL[] {folder}, ClassesLauncher.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(app);
        Class<?> main = Class.forName("io.datalayer.app.Main", true, app);
        MethodHandles.publicLookup().findStatic(main, "main", MethodType.methodType(void.class, String[].class))
                .invokeExact(args);
    }
}
