package io.datalayer.vault;

import java.util.Locale;

/** How synth treats Vault, from {@code DATALAYER_VAULT}. */
public enum VaultMode {
    /** Verify when {@code VAULT_ADDR} is set; otherwise skip and say the references are unverified. */
    AUTO,
    /** Always verify; fail when Vault cannot be asked (CI). */
    REQUIRED,
    /** Never ask Vault; say the references are unverified. */
    OFF;

    /** The variable that selects the mode. */
    public static final String VARIABLE = "DATALAYER_VAULT";

    /** Parses the variable's value; {@code null} or blank means {@link #AUTO}. */
    public static VaultMode parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "required" -> REQUIRED;
            case "off" -> OFF;
            default -> throw new VaultCheckException(VaultCheckException.Reason.SETTINGS,
                    VARIABLE + "=\"" + value + "\" is not one of auto, required, off");
        };
    }
}
