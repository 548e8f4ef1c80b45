// Vitest setup: jest-dom matchers on `expect`.
import '@testing-library/jest-dom/vitest';
