// The command's version (package.json's; a unit test keeps the two equal), for --version and SARIF/JUnit.
export const VERSION = '0.1.0';
