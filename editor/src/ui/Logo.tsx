export function Logo() {
  return (
    <span className="logo">
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="#4f46e5" />
        <path d="M21 11a7 7 0 1 0 0 10" stroke="white" strokeWidth="3" fill="none" strokeLinecap="round" />
      </svg>
      <span>Comeback</span>
    </span>
  );
}
