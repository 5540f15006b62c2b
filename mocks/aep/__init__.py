"""The mock Adobe Experience Platform: sign-in, Unified Shell, Destinations workspace."""
