package io.datalayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The cdk8s, cdk8s-plus-28, constructs and jsii versions are written once, as pom.xml properties;
 * scripts/setup.sh reads them from there, and package.json (which npm needs literal) must pin the
 * same ones, as must the lock file npm ci installs from. A bump in one place fails here until
 * every place agrees.
 */
class VersionsTest {
    /** pom.xml property and the npm package that must carry the same version. */
    private static final Map<String, String> PAIRS = new LinkedHashMap<>();

    static {
        PAIRS.put("cdk8s.version", "cdk8s");
        PAIRS.put("cdk8s-plus.version", "cdk8s-plus-28");
        PAIRS.put("constructs.version", "constructs");
        // jsii-pacmak builds cdk8s-plus-28's Java binding; it is released in step with jsii-runtime.
        PAIRS.put("jsii.version", "jsii-pacmak");
    }

    @Test
    @SuppressWarnings("unchecked")
    void packageJsonAndItsLockPinThePomsVersions() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Map<String, Object> packageJson = new Yaml(new LoaderOptions()).load(Files.readString(Path.of("package.json")));
        Map<String, Object> lock = new Yaml(new LoaderOptions()).load(Files.readString(Path.of("package-lock.json")));
        Map<String, Object> devDependencies = (Map<String, Object>) packageJson.get("devDependencies");
        Map<String, Object> locked = (Map<String, Object>) lock.get("packages");
        PAIRS.forEach((property, npm) -> {
            String version = property(pom, property);
            assertEquals(version, devDependencies.get(npm), "package.json " + npm + " differs from pom.xml " + property
                    + "; set both to the same version");
            assertEquals(version, ((Map<String, Object>) locked.get("node_modules/" + npm)).get("version"),
                    "package-lock.json " + npm + " differs from pom.xml " + property + "; run npm install after changing package.json");
        });
    }

    @Test
    void setupReadsTheVersionsFromThePom() throws IOException {
        String setup = Files.readString(Path.of("scripts/setup.sh"));
        for (String property : PAIRS.keySet()) {
            String version = property(Files.readString(Path.of("pom.xml")), property);
            assertFalse(setup.contains("=" + version + "\n"), "scripts/setup.sh writes " + version + " itself; read it"
                    + " with pom_property " + property);
        }
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        if (!m.find()) {
            throw new AssertionError("pom.xml has no property " + name);
        }
        return m.group(1);
    }
}
